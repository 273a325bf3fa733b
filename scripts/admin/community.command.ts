import { type AdminCommand, positional, UsageError } from './command.ts';

/**
 * pnpm admin community category add|rename|archive ...
 * Other API processes see the change within COMMUNITY_CATEGORY_CACHE_SECONDS (their in-process cache).
 */
export const communityCommand: AdminCommand = {
  name: 'community',
  usage: [
    'community category add <name> [description]',
    'community category rename <name|id> <new-name> [new-description]',
    'community category archive <name|id>',
  ],
  async run(args, runtime, print) {
    const group = positional(args, 0, 'group (category)');
    if (group !== 'category') throw new UsageError(`unknown group "${group}"`);
    const action = positional(args, 1, 'action (add|rename|archive)');
    const service = runtime.core.community;
    const rest = args.filter((a) => !a.startsWith('--')).slice(2);
    if (action === 'add') {
      const name = positional(rest, 0, 'name');
      const category = await service.addCategory(name, rest[1] ?? '');
      print(`added category "${category.name}" (${category.id})`);
    } else if (action === 'rename') {
      const target = positional(rest, 0, 'name or id');
      const category = await service.renameCategory(target, positional(rest, 1, 'new name'), rest[2]);
      print(`renamed category to "${category.name}" (${category.id})`);
    } else if (action === 'archive') {
      const category = await service.archiveCategory(positional(rest, 0, 'name or id'));
      print(
        `archived category "${category.name}" (${category.id}): hidden from the list, closed to new posts`,
      );
    } else {
      throw new UsageError(`unknown action "${action}"`);
    }
  },
};
