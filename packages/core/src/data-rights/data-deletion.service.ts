import type {
  AccountDeletionReceipt,
  DataDeletionInput,
  DataDeletionResult,
  DeletableDataType,
} from '@wbn/contracts/account';
import { QUEUES } from '@wbn/contracts/queues';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Clock } from '../clock.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { ACCOUNT_DELETED_MESSAGE } from '../users/users.service.ts';
import type { DataRightsRepository } from './data-rights.repository.ts';
import { EXPORT_SECTIONS } from './export.sections.ts';
import type { ExportService } from './export.service.ts';

/** The name posts keep when their author leaves but chose to leave them up. */
export const FORMER_MEMBER = 'former member';

interface Deps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  data: DataRightsRepository;
  users: UsersRepository;
  activity: ActivityRecorder;
  /** Stored exports hold copies of the data: they go first (see export.service.ts). */
  exports: Pick<ExportService, 'discardForUser'>;
  sessionCache?: SessionCache;
}

/**
 * The right to erasure, by data type or whole. A banned person keeps it: no ban check here.
 * Everything requested goes in one transaction, or nothing does.
 */
export function createDataDeletionService(deps: Deps) {
  const { db, clock, data, users, activity } = deps;

  async function deleteType(
    tx: DbOrTx,
    userId: string,
    type: DeletableDataType,
    community: DataDeletionInput['community'],
  ): Promise<Record<string, number>> {
    switch (type) {
      case 'journal': {
        const entries = await data.deleteRows(tx, 'journal_entries', userId);
        // The key goes too: nothing is left that could open a copy of an entry (backups included).
        await data.deleteRows(tx, 'journal_data_keys', userId);
        return { journal: entries };
      }
      case 'checkins':
        return { checkins: await data.deleteRows(tx, 'checkins', userId) };
      case 'cbt':
        return { cbt: await data.deleteRows(tx, 'cbt_entries', userId) };
      case 'interactions':
        return { interactions: await data.deleteRows(tx, 'interaction_logs', userId) };
      case 'notifications':
        return { notifications: await data.deleteRows(tx, 'notification_sends', userId) };
      case 'community': {
        if (community === 'anonymise') {
          const kept = await data.anonymiseCommunity(tx, { userId, formerName: FORMER_MEMBER });
          return { community_posts_anonymised: kept.posts, community_replies_anonymised: kept.replies };
        }
        const replies = await data.deleteCommunityReplies(tx, userId);
        const posts = await data.deleteCommunityPosts(tx, {
          userId,
          now: clock.now(),
          formerName: FORMER_MEMBER,
        });
        return { community_posts: posts, community_replies: replies };
      }
    }
  }

  return {
    async deleteTypes(actor: Actor, input: DataDeletionInput): Promise<DataDeletionResult> {
      const types = [...new Set(input.types)];
      const now = clock.now();
      // An export holds the journal in clear (under encryption): it goes with the journal.
      if (types.includes('journal')) await deps.exports.discardForUser(actor.id);
      const counts = await db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, actor.id);
        const all: Record<string, number> = {};
        for (const type of types) Object.assign(all, await deleteType(tx, actor.id, type, input.community));
        await activity.record(tx, {
          userId: actor.id,
          kind: 'data-deleted',
          sessionId: actor.sessionId ?? null,
          details: { types, ...(types.includes('community') ? { community: input.community } : {}) },
        });
        return all;
      });
      return { deleted_at: now.toISOString(), counts };
    },

    /**
     * Deletes the account and, through ON DELETE CASCADE, all of the person's data in one transaction,
     * and returns what went. A confirmed address gets a confirmation mail: the address travels in that
     * job's payload only (the account row is gone) and the queue deletes the job once sent.
     */
    async deleteAccount(actor: Actor): Promise<AccountDeletionReceipt> {
      const now = clock.now();
      await deps.exports.discardForUser(actor.id);
      const counts = await db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, actor.id);
        const user = await users.findById(tx, actor.id);
        if (!user) throw notFound('User');
        const counted = await data.countSections(tx, EXPORT_SECTIONS, actor.id);
        if (!(await users.delete(tx, actor.id))) throw notFound('User');
        if (user.email && user.email_verified_at) {
          await deps.queue.send(
            QUEUES.accountMail,
            { kind: 'account-deleted', to: user.email, at: now.toISOString() },
            { tx },
          );
        }
        return counted;
      });
      deps.sessionCache?.forgetUser(actor.id);
      return { message: ACCOUNT_DELETED_MESSAGE, deleted_at: now.toISOString(), counts };
    },
  };
}
export type DataDeletionService = ReturnType<typeof createDataDeletionService>;
