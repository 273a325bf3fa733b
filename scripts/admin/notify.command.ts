import { type AdminCommand, hasFlag, UsageError } from './command.ts';

/** pnpm admin notify daily-tip --now [--user <username>] */
export const notifyCommand: AdminCommand = {
  name: 'notify',
  usage: ['notify daily-tip --now [--user <username>]'],
  async run(args, runtime, print) {
    const [action] = args.filter((a) => !a.startsWith('--'));
    if (action !== 'daily-tip') throw new UsageError(`unknown action "${action ?? ''}"`);
    if (!hasFlag(args, '--now'))
      throw new UsageError('daily-tip needs --now (the schedule sends it at the local hour)');
    const userIndex = args.indexOf('--user');
    const username = userIndex >= 0 ? args[userIndex + 1] : undefined;
    if (userIndex >= 0 && (!username || username.startsWith('--')))
      throw new UsageError('--user needs a username');
    const result = await runtime.core.notifications.dailyTipNow(username ? { username } : {});
    print(
      `daily tip: ${result.batches} batch job(s) enqueued over ${result.slices} time-zone slice(s)` +
        `${username ? ` for ${username}` : ''}; a running worker sends them (devices already sent today's tip are skipped)`,
    );
  },
};
