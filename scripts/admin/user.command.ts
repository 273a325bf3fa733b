import { type AdminCommand, hasFlag, positional, UsageError } from './command.ts';

/** pnpm admin user grant|revoke <username> --premium|--moderator|--operator (operator: CLI only) */
export const userCommand: AdminCommand = {
  name: 'user',
  usage: [
    'user grant <username> --premium|--moderator|--operator',
    'user revoke <username> --premium|--moderator|--operator',
  ],
  async run(args, runtime, print) {
    const action = positional(args, 0, 'action (grant|revoke)');
    if (action !== 'grant' && action !== 'revoke') throw new UsageError(`unknown action "${action}"`);
    const username = positional(args, 1, 'username');
    const roles = (['premium', 'moderator', 'operator'] as const).filter((role) =>
      hasFlag(args, `--${role}`),
    );
    if (roles.length === 0) throw new UsageError('say which role: --premium or --moderator (or --operator)');
    for (const role of roles) {
      const user = await runtime.core.users.setRole(username, role, action === 'grant');
      print(
        `${action === 'grant' ? 'granted' : 'revoked'} ${role} ${action === 'grant' ? 'to' : 'from'} ${user.username} (${user.id})`,
      );
    }
  },
};
