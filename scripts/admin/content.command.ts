import { type AdminCommand, positional, UsageError } from './command.ts';

/** pnpm admin content load [dir] — validate the pack, upload its media, upsert every item by slug. */
export const contentCommand: AdminCommand = {
  name: 'content',
  usage: ['content load [dir]   (default: CONTENT_DIR, ./content)'],
  async run(args, runtime, print) {
    const action = positional(args, 0, 'action (load)');
    if (action !== 'load') throw new UsageError(`unknown action "${action}"`);
    const dir = args.filter((a) => !a.startsWith('--'))[1] ?? runtime.config.content.dir;
    const result = await runtime.core.contentLoader.load(dir);
    print(
      `loaded ${dir}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ` +
        `${result.media_uploaded} media uploaded (${runtime.config.media.driver} storage)`,
    );
  },
};
