import { sql } from 'kysely';
import { hasConsentSql } from '../consent/consent.repository.ts';
import type { DbOrTx } from '../db/database.ts';

export type NotificationKind = 'daily-tip' | 'checkin-reminder';
export type SendStatus = 'pending' | 'sent' | 'failed' | 'invalid_token';

export interface SliceKey {
  /** 'daily-tip', or 'checkin-reminder@HH:MM' (one slice per reminder time). */
  kind: string;
  timezone: string;
  localDate: string;
}

export interface BatchScope {
  kind: NotificationKind;
  timezone: string;
  /** 'HH:MM' for reminders. */
  slot: string | null;
  afterId: string | null;
  throughId: string;
  userId?: string | undefined;
  /** Only people whose latest push_notifications consent is a grant of at least this version. */
  consentMinVersion: number;
}

/** SQL for the fan-out, the tip schedule and the send log. No rules: the service decides. */
export function createNotificationsRepository() {
  /** Users of a batch who still want notifications now (re-read at send time, not at fan-out). */
  function recipients(db: DbOrTx, scope: BatchScope) {
    let query = db
      .selectFrom('users as u')
      .innerJoin('user_settings as s', 's.user_id', 'u.id')
      .where('u.timezone', '=', scope.timezone)
      .where('s.notifications_enabled', '=', true)
      .where('u.is_banned', '=', false)
      .where(hasConsentSql('u.id', 'push_notifications', scope.consentMinVersion))
      .where('u.id', '<=', scope.throughId);
    if (scope.afterId) query = query.where('u.id', '>', scope.afterId);
    if (scope.userId) query = query.where('u.id', '=', scope.userId);
    if (scope.kind === 'checkin-reminder')
      query = query.where('s.reminder_time', '=', `${scope.slot ?? ''}:00`);
    return query;
  }

  return {
    /** Distinct zones of users with notifications on: a loose index scan (one probe per zone). */
    async activeTimeZones(db: DbOrTx): Promise<string[]> {
      const result = await sql<{ timezone: string }>`
        WITH RECURSIVE zones AS (
          (SELECT timezone FROM users ORDER BY timezone LIMIT 1)
          UNION ALL
          SELECT (SELECT u.timezone FROM users u WHERE u.timezone > zones.timezone ORDER BY u.timezone LIMIT 1)
          FROM zones WHERE zones.timezone IS NOT NULL
        )
        SELECT timezone FROM zones WHERE timezone IS NOT NULL`.execute(db);
      return result.rows.map((row) => row.timezone);
    },

    /** Reminder times anyone has chosen ('HH:MM'), via the partial index: at most 96 values. */
    async reminderTimesInUse(db: DbOrTx): Promise<string[]> {
      const result = await sql<{ slot: string }>`
        WITH RECURSIVE slots AS (
          (SELECT reminder_time FROM user_settings WHERE reminder_time IS NOT NULL ORDER BY reminder_time LIMIT 1)
          UNION ALL
          SELECT (SELECT s.reminder_time FROM user_settings s
                  WHERE s.reminder_time > slots.reminder_time ORDER BY s.reminder_time LIMIT 1)
          FROM slots WHERE slots.reminder_time IS NOT NULL
        )
        SELECT to_char(reminder_time, 'HH24:MI') AS slot FROM slots WHERE reminder_time IS NOT NULL`.execute(
        db,
      );
      return result.rows.map((row) => row.slot);
    },

    /** Claims slices not fanned out yet; returns only the ones this call claimed. */
    async claimSlices(db: DbOrTx, slices: SliceKey[]): Promise<SliceKey[]> {
      if (slices.length === 0) return [];
      const rows = await db
        .insertInto('notification_slices')
        .values(slices.map((s) => ({ kind: s.kind, timezone: s.timezone, local_date: s.localDate })))
        .onConflict((oc) => oc.doNothing())
        .returning(['kind', 'timezone', sql<string>`local_date::text`.as('local_date')])
        .execute();
      return rows.map((row) => ({ kind: row.kind, timezone: row.timezone, localDate: row.local_date }));
    },

    async recordSliceBatches(db: DbOrTx, slice: SliceKey, batches: number): Promise<void> {
      await db
        .updateTable('notification_slices')
        .set({ batches })
        .where('kind', '=', slice.kind)
        .where('timezone', '=', slice.timezone)
        .where('local_date', '=', slice.localDate)
        .execute();
    },

    /**
     * The last user id of every batch of `batchSize` recipients (and of the final partial batch):
     * one query per slice, whatever its size; batches are the ranges between consecutive ids.
     */
    async batchBoundaries(
      db: DbOrTx,
      scope: Omit<BatchScope, 'afterId' | 'throughId'>,
      batchSize: number,
    ): Promise<string[]> {
      const ranked = recipients(db, {
        ...scope,
        afterId: null,
        throughId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
      })
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('devices as d').select('d.id').whereRef('d.user_id', '=', 'u.id')),
        )
        .select([
          'u.id',
          sql<number>`row_number() OVER (ORDER BY u.id)`.as('rn'),
          sql<number>`count(*) OVER ()`.as('total'),
        ]);
      const rows = await db
        .selectFrom(ranked.as('r'))
        .select('r.id')
        .where((eb) => eb.or([eb(sql`r.rn % ${batchSize}`, '=', 0), eb('r.rn', '=', eb.ref('r.total'))]))
        .orderBy('r.id')
        .execute();
      return rows.map((row) => row.id);
    },

    /**
     * The tip of a local date: chosen once (the least recently used tip, then by title), so every
     * zone reaching that date sends the same one and none repeats while unused ones remain.
     */
    async tipForDate(db: DbOrTx, localDate: string) {
      await sql`
        INSERT INTO daily_tip_schedule (local_date, content_item_id)
        SELECT ${localDate}::date, c.id
        FROM content_items c
        LEFT JOIN LATERAL (
          SELECT max(s.local_date) AS last_used FROM daily_tip_schedule s WHERE s.content_item_id = c.id
        ) used ON true
        WHERE c.type = 'tip'
        ORDER BY used.last_used NULLS FIRST, c.title, c.id
        LIMIT 1
        ON CONFLICT (local_date) DO NOTHING`.execute(db);
      return db
        .selectFrom('daily_tip_schedule as t')
        .innerJoin('content_items as c', 'c.id', 't.content_item_id')
        .select(['c.id', 'c.title', 'c.content_structure'])
        .where('t.local_date', '=', localDate)
        .executeTakeFirst();
    },

    findContentItem(db: DbOrTx, id: string) {
      return db
        .selectFrom('content_items')
        .select(['id', 'title', 'content_structure'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Logs one send per (notification, device) of the batch's current recipients, ignoring ones
     * logged before, then returns every still-pending send of the batch: new ones and ones a
     * crashed or failed attempt left unfinished. Sent ones never come back, so they are never pushed twice.
     */
    async claimSends(
      db: DbOrTx,
      scope: BatchScope,
      notification: {
        key: string;
        kind: NotificationKind;
        localDate: string;
        contentItemId: string | null;
        title: string;
        body: string;
      },
    ) {
      const targets = recipients(db, scope).innerJoin('devices as d', 'd.user_id', 'u.id');
      await db
        .insertInto('notification_sends')
        .columns([
          'notification_key',
          'user_id',
          'device_id',
          'kind',
          'local_date',
          'platform',
          'content_item_id',
          'title',
          'body',
        ])
        .expression(
          targets.select([
            sql.lit(notification.key).as('notification_key'),
            'u.id',
            'd.id as device_id',
            sql.lit(notification.kind).as('kind'),
            sql`${notification.localDate}::date`.as('local_date'),
            'd.platform',
            sql`${notification.contentItemId}::uuid`.as('content_item_id'),
            sql`${notification.title}::text`.as('title'),
            sql`${notification.body}::text`.as('body'),
          ]),
        )
        .onConflict((oc) => oc.columns(['notification_key', 'device_id']).doNothing())
        .execute();
      return targets
        .innerJoin('notification_sends as n', (join) =>
          join.onRef('n.device_id', '=', 'd.id').on('n.notification_key', '=', notification.key),
        )
        .where('n.status', '=', 'pending')
        .select(['n.id', 'u.id as user_id', 'd.id as device_id', 'd.platform', 'd.token'])
        .orderBy('n.id')
        .execute();
    },

    /** Settles many sends in one statement. */
    async settleSends(
      db: DbOrTx,
      results: { id: string; status: SendStatus; error: string | null }[],
      now: Date,
    ) {
      if (results.length === 0) return;
      await sql`
        UPDATE notification_sends n
        SET status = v.status, error = v.error, sent_at = CASE WHEN v.status = 'sent' THEN ${now}::timestamptz END
        FROM unnest(${results.map((r) => r.id)}::uuid[], ${results.map((r) => r.status)}::text[],
                    ${results.map((r) => r.error)}::text[]) AS v(id, status, error)
        WHERE n.id = v.id`.execute(db);
    },

    listForUser(db: DbOrTx, userId: string, limit: number) {
      return db
        .selectFrom('notification_sends')
        .select([
          'id',
          'kind',
          'title',
          'body',
          'platform',
          'status',
          sql<string>`local_date::text`.as('local_date'),
          'created_at',
          'sent_at',
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    findUserByUsername(db: DbOrTx, username: string) {
      return db
        .selectFrom('users')
        .select(['id', 'timezone'])
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst();
    },
  };
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
