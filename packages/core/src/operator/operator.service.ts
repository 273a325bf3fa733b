import type { User } from '@wbn/contracts/auth';
import { type OperatorOverview, type RoleChangeInput, ZOperatorRole } from '@wbn/contracts/operator';
import { type Actor, assertNotBanned } from '../auth/actor.ts';
import type { ContentRepository } from '../content/content.repository.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { UsersService } from '../users/users.service.ts';
import type { OperatorRepository } from './operator.repository.ts';

interface Deps {
  db: Db;
  operators: OperatorRepository;
  contents: ContentRepository;
  users: UsersService;
}

export function createOperatorService({ db, operators, contents, users }: Deps) {
  /**
   * Who counts as an operator: the users.is_operator flag, read from the database on each call
   * rather than carried in the Actor, so a revoke from the CLI applies to the very next request.
   */
  async function assertOperator(actor: Actor): Promise<void> {
    assertNotBanned(actor);
    if (!(await operators.isOperator(db, actor.id))) {
      throw new AppError('FORBIDDEN', 'Operators only', { reason: 'OPERATOR_REQUIRED' });
    }
  }

  return {
    assertOperator,

    /** Job queues and the content pack, as the operator console shows them. */
    async overview(actor: Actor): Promise<OperatorOverview> {
      await assertOperator(actor);
      const [queues, pack] = await Promise.all([operators.queueStats(db), contents.packStatus(db)]);
      return {
        queues,
        content: {
          version: pack.items > 0 ? pack.version : null,
          items: pack.items,
          last_loaded_at: pack.last_loaded_at?.toISOString() ?? null,
        },
      };
    },

    /** The same role change the CLI makes (premium, moderator); the operator role stays CLI-only. */
    async setRole(actor: Actor, input: RoleChangeInput): Promise<User> {
      await assertOperator(actor);
      // The contract already refuses other roles; this keeps any other caller from granting operator.
      if (!ZOperatorRole.options.includes(input.role)) {
        throw new AppError('FORBIDDEN', 'Operators are made from the command line only', {
          reason: 'OPERATOR_REQUIRED',
        });
      }
      // The person's activity log names the operator who changed their role.
      return users.setRole(input.username, input.role, input.grant, `console:${actor.username}`);
    },
  };
}
export type OperatorService = ReturnType<typeof createOperatorService>;
