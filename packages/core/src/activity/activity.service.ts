import type { ActivityItem, ActivityKind, ActivityQuery } from '@wbn/contracts/account';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import type { ActivityLogTable } from '../db/schema.ts';
import type { ActivityRepository } from './activity.repository.ts';

/** Activity entries older than this are deleted by the account-retention job. */
export const ACTIVITY_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * What happened to an account. `details` holds only kinds, counts and data-type names, never content
 * (no text, no addresses, no codes), so the log can be shown and exported as it is.
 */
export interface ActivityEvent {
  userId: string;
  kind: ActivityKind;
  actor?: ActivityLogTable['actor'];
  operator?: string | null;
  sessionId?: string | null;
  details?: Record<string, string | number | boolean | string[]>;
}

/** The part other modules use: record an event inside the transaction of the change it describes. */
export interface ActivityRecorder {
  record(tx: DbOrTx, event: ActivityEvent): Promise<void>;
}

export function createActivityService({
  db,
  clock,
  activity,
}: {
  db: Db;
  clock: Clock;
  activity: ActivityRepository;
}) {
  return {
    async record(tx: DbOrTx, event: ActivityEvent): Promise<void> {
      await activity.insert(tx, {
        user_id: event.userId,
        kind: event.kind,
        actor: event.actor ?? 'self',
        operator: event.operator ?? null,
        session_id: event.sessionId ?? null,
        ...(event.details ? { details: event.details } : {}),
        created_at: clock.now(),
      });
    },

    /** A banned person may still read their own log: no ban check here, on purpose. */
    async list(actor: Actor, query: ActivityQuery): Promise<ActivityItem[]> {
      const rows = await activity.listForUser(db, {
        userId: actor.id,
        limit: query.limit,
        cursor: query.cursor,
      });
      return rows.map(toActivityItem);
    },

    async purgeExpired(): Promise<number> {
      return activity.deleteOlderThan(db, new Date(clock.now().getTime() - ACTIVITY_RETENTION_DAYS * DAY_MS));
    },
  };
}
export type ActivityService = ReturnType<typeof createActivityService>;

export function toActivityItem(row: {
  id: string;
  kind: string;
  actor: ActivityLogTable['actor'];
  operator: string | null;
  session_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}): ActivityItem {
  return {
    id: row.id,
    kind: row.kind as ActivityKind,
    actor: row.actor,
    operator: row.operator,
    session_id: row.session_id,
    details: row.details,
    created_at: row.created_at.toISOString(),
  };
}
