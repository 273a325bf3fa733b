import { type AdminCommand, hasFlag, UsageError } from './command.ts';

/**
 * pnpm admin keys status|rotate [--resume] [--batch N]
 * `rotate` adds a new journal key-encryption key, makes it active, and re-wraps every per-user data
 * key in batches. Interrupted? `rotate --resume` re-wraps what is left without adding another key.
 */
export const keysCommand: AdminCommand = {
  name: 'keys',
  usage: ['keys status', 'keys rotate [--resume] [--batch <n>]'],
  async run(args, runtime, print) {
    const keys = runtime.core.journalKeys;
    const [action] = args.filter((a) => !a.startsWith('--'));
    if (action === 'status') {
      const status = await keys.status();
      print(`active key: ${status.active}`);
      for (const row of status.byKek) print(`  ${row.kek_id}: ${row.count} data keys`);
      return;
    }
    if (action !== 'rotate') throw new UsageError(`unknown action "${action ?? ''}"`);
    const batchIndex = args.indexOf('--batch');
    const batchSize = batchIndex >= 0 ? Number.parseInt(args[batchIndex + 1] ?? '', 10) : 500;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new UsageError('--batch needs a positive number');
    if (!hasFlag(args, '--resume')) print(`added key ${keys.addKek()} and made it active`);
    const total = await keys.rewrapAll({
      batchSize,
      onBatch: (done) => print(`re-wrapped ${done} data keys…`),
    });
    print(`done: ${total} data keys re-wrapped; every data key is now under ${(await keys.status()).active}`);
  },
};
