import { type NotifySendJob, QUEUES } from '@wbn/contracts/queues';
import type { NotificationListInput, NotificationLogItem } from '@wbn/contracts/users';
import type { Clock } from '../clock.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { DevicesRepository } from './devices.repository.ts';
import { isKnownTimeZone, localTime, parseLocalTime } from './local-time.ts';
import type { NotificationsRepository, SendStatus, SliceKey } from './notifications.repository.ts';

export interface NotificationsConfig {
  /** Local hour (0–23) the daily tip goes out in every user's own zone. */
  dailyTipLocalHour: number;
  /** Users per notify-send job. */
  batchSize: number;
  /** How late a slice may still start when the scheduler missed its moment (downtime, DST gap). */
  catchUpMinutes: number;
}

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  queue: JobQueue;
  config: NotificationsConfig;
  notifications: NotificationsRepository;
  devices: DevicesRepository;
  /** No push without a push_notifications grant: recipients are filtered by the ledger itself. */
  consent: Pick<ConsentService, 'minimumVersion'>;
}

const REMINDER_PREFIX = 'checkin-reminder@';
const REMINDER_TEXT = {
  title: 'Time for your check-in',
  body: 'How are you feeling right now? A quick check-in takes a minute.',
};

export interface PushDelivery {
  sendId: string;
  userId: string;
  deviceId: string;
  platform: 'fcm' | 'apns';
  token: string;
}

export interface PreparedBatch {
  /** Stable per notification: also the collapse id, so a device shows a duplicate once. */
  key: string;
  title: string;
  body: string;
  deliveries: PushDelivery[];
}

export function createNotificationsService({
  db,
  clock,
  logger,
  queue,
  config,
  notifications,
  devices,
  consent,
}: Deps) {
  /** The due slices at `now`: each zone's local date, and whether its local time is in a window. */
  function dueSlices(now: Date, zones: string[], reminderSlots: string[]): SliceKey[] {
    const tipStart = config.dailyTipLocalHour * 60;
    const slots = reminderSlots.map((slot) => ({ slot, start: parseLocalTime(slot) }));
    const due: SliceKey[] = [];
    for (const timezone of zones) {
      if (!isKnownTimeZone(timezone)) continue;
      const local = localTime(now, timezone);
      // ">= start" rather than "== start": a skipped wall-clock hour (spring forward) or a missed tick
      // still sends; the slice row makes a repeated hour (fall back) or tick send nothing twice.
      const inWindow = (start: number) =>
        local.minutes >= start && local.minutes < start + config.catchUpMinutes;
      if (inWindow(tipStart)) due.push({ kind: 'daily-tip', timezone, localDate: local.date });
      for (const { slot, start } of slots) {
        if (inWindow(start)) due.push({ kind: `${REMINDER_PREFIX}${slot}`, timezone, localDate: local.date });
      }
    }
    return due;
  }

  /** Cuts a slice into keyset ranges of batchSize recipients: one query, one bulk insert of jobs. */
  async function batchesFor(tx: DbOrTx, slice: SliceKey, userId?: string): Promise<NotifySendJob[]> {
    const reminder = slice.kind.startsWith(REMINDER_PREFIX);
    const slot = reminder ? slice.kind.slice(REMINDER_PREFIX.length) : null;
    let contentItemId: string | null = null;
    if (!reminder) {
      const tip = await notifications.tipForDate(tx, slice.localDate);
      if (!tip) {
        logger.warn({ localDate: slice.localDate }, 'no tips in the content pack: daily tip skipped');
        return [];
      }
      contentItemId = tip.id;
    }
    const kind = reminder ? ('checkin-reminder' as const) : ('daily-tip' as const);
    const scope = {
      kind,
      timezone: slice.timezone,
      slot,
      consentMinVersion: await consent.minimumVersion('push_notifications'),
      ...(userId ? { userId } : {}),
    };
    const boundaries = await notifications.batchBoundaries(tx, scope, config.batchSize);
    return boundaries.map((throughId, index) => ({
      kind,
      timezone: slice.timezone,
      local_date: slice.localDate,
      slot,
      content_item_id: contentItemId,
      after_id: index === 0 ? null : (boundaries[index - 1] ?? null),
      through_id: throughId,
      ...(userId ? { user_id: userId } : {}),
    }));
  }

  /** Claims slices and enqueues their batches in one transaction: a crash leaves neither half. */
  async function fanOut(slices: SliceKey[], options: { force?: boolean } = {}) {
    return db.transaction().execute(async (tx) => {
      const claimed = await notifications.claimSlices(tx, slices);
      const toRun = options.force ? slices : claimed;
      let jobs = 0;
      for (const slice of toRun) {
        const batches = await batchesFor(tx, slice);
        if (batches.length > 0) await queue.insert(QUEUES.notifySend, batches, { tx });
        await notifications.recordSliceBatches(tx, slice, batches.length);
        jobs += batches.length;
      }
      return { slices: toRun.length, batches: jobs };
    });
  }

  return {
    /**
     * The scheduler's tick (every 15 minutes): fans out every slice that is due and not yet
     * started. Safe to run any number of times, from any number of workers.
     */
    async tick(at?: Date): Promise<{ slices: number; batches: number }> {
      const now = at ?? clock.now();
      const [zones, reminderSlots] = await Promise.all([
        notifications.activeTimeZones(db),
        notifications.reminderTimesInUse(db),
      ]);
      const result = await fanOut(dueSlices(now, zones, reminderSlots));
      if (result.slices > 0)
        logger.info({ at: now.toISOString(), ...result }, 'notification slices fanned out');
      return result;
    },

    /**
     * Operators: today's tip now, to everyone (each in their own local date) or to one user,
     * whatever the hour. The send log still keys by local date, so nobody gets a date's tip twice.
     */
    async dailyTipNow(options: { username?: string } = {}): Promise<{ slices: number; batches: number }> {
      const now = clock.now();
      if (options.username) {
        const user = await notifications.findUserByUsername(db, options.username);
        if (!user) throw notFound(`User "${options.username}"`);
        const slice = {
          kind: 'daily-tip',
          timezone: user.timezone,
          localDate: localTime(now, user.timezone).date,
        };
        const batches = await batchesFor(db, slice, user.id);
        if (batches.length > 0) await queue.insert(QUEUES.notifySend, batches);
        return { slices: 1, batches: batches.length };
      }
      const zones = (await notifications.activeTimeZones(db)).filter(isKnownTimeZone);
      const slices = zones.map((timezone) => ({
        kind: 'daily-tip',
        timezone,
        localDate: localTime(now, timezone).date,
      }));
      return fanOut(slices, { force: true });
    },

    /** For the notify-send job: logs this batch's sends and returns what still has to be pushed. */
    async prepareBatch(job: NotifySendJob): Promise<PreparedBatch | undefined> {
      let text = REMINDER_TEXT;
      if (job.kind === 'daily-tip') {
        const tip = job.content_item_id
          ? await notifications.findContentItem(db, job.content_item_id)
          : undefined;
        if (!tip) return undefined;
        const structure = tip.content_structure as { text?: unknown } | null;
        text = { title: tip.title, body: typeof structure?.text === 'string' ? structure.text : tip.title };
      }
      const key = `${job.kind}:${job.local_date}`;
      const scope = {
        kind: job.kind,
        timezone: job.timezone,
        slot: job.slot,
        afterId: job.after_id,
        throughId: job.through_id,
        userId: job.user_id,
        consentMinVersion: await consent.minimumVersion('push_notifications'),
      };
      const pending = await notifications.claimSends(db, scope, {
        key,
        kind: job.kind,
        localDate: job.local_date,
        contentItemId: job.content_item_id,
        ...text,
      });
      return {
        key,
        ...text,
        deliveries: pending.map((row) => ({
          sendId: row.id,
          userId: row.user_id,
          deviceId: row.device_id,
          platform: row.platform,
          token: row.token,
        })),
      };
    },

    /** Records push outcomes; tokens the push service rejected as unregistered leave the database. */
    async settle(
      results: { delivery: PushDelivery; status: SendStatus; error: string | null }[],
    ): Promise<void> {
      if (results.length === 0) return;
      await db.transaction().execute(async (tx) => {
        await notifications.settleSends(
          tx,
          results.map((r) => ({ id: r.delivery.sendId, status: r.status, error: r.error })),
          clock.now(),
        );
        const invalid = results.filter((r) => r.status === 'invalid_token').map((r) => r.delivery.token);
        const removed = await devices.removeTokens(tx, invalid);
        if (removed > 0) logger.info({ removed }, 'removed unregistered push tokens');
      });
    },

    /** The tip everyone gets on this local date (chosen on first use; see daily_tip_schedule). */
    async tipOfTheDay(localDate: string): Promise<{ id: string; title: string } | undefined> {
      const tip = await notifications.tipForDate(db, localDate);
      return tip ? { id: tip.id, title: tip.title } : undefined;
    },

    async listForUser(userId: string, input: NotificationListInput): Promise<NotificationLogItem[]> {
      const rows = await notifications.listForUser(db, userId, input.limit);
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        platform: row.platform,
        status: row.status,
        local_date: row.local_date,
        created_at: row.created_at.toISOString(),
        sent_at: row.sent_at ? row.sent_at.toISOString() : null,
      }));
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
