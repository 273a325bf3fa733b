import { userInfo } from 'node:os';
import { type AdminCommand, flagValue, hasFlag, positional, UsageError } from './command.ts';

/**
 * Who ran the command, for the person's activity log: `--by=<name>` when given (e.g. from a
 * deployment tool acting for someone), otherwise the operating-system account running the CLI.
 */
export function operatorName(args: string[]): string {
  const named = flagValue(args, 'by');
  if (named) return named.slice(0, 64);
  try {
    return `os:${userInfo().username}`;
  } catch {
    return 'unknown operator';
  }
}

/** pnpm admin user grant|revoke <username> --premium|--moderator|--operator [--by=<name>] (operator role: CLI only) */
export const userCommand: AdminCommand = {
  name: 'user',
  usage: [
    'user grant <username> --premium|--moderator|--operator [--by=<name>]',
    'user revoke <username> --premium|--moderator|--operator [--by=<name>]',
  ],
  async run(args, runtime, print) {
    const action = positional(args, 0, 'action (grant|revoke)');
    if (action !== 'grant' && action !== 'revoke') throw new UsageError(`unknown action "${action}"`);
    const username = positional(args, 1, 'username');
    const roles = (['premium', 'moderator', 'operator'] as const).filter((role) =>
      hasFlag(args, `--${role}`),
    );
    if (roles.length === 0) throw new UsageError('say which role: --premium or --moderator (or --operator)');
    const operator = operatorName(args);
    for (const role of roles) {
      const user = await runtime.core.users.setRole(username, role, action === 'grant', operator);
      print(
        `${action === 'grant' ? 'granted' : 'revoked'} ${role} ${action === 'grant' ? 'to' : 'from'} ${user.username} (${user.id})`,
      );
    }
  },
};
