import { randomBytes } from 'node:crypto';
import { QUEUES } from '@wbn/contracts/queues';
import { createJobQueue } from '@wbn/core/queue/job-queue';
import type { TestRuntime } from '@wbn/core/testing/test-runtime';
import type { JobHandler } from '../src/jobs/job.ts';
import { notifySendJob } from '../src/jobs/notify-send.job.ts';
import { createApnsProvider } from '../src/providers/apns.ts';
import { createFcmProvider } from '../src/providers/fcm.ts';
import { generateApnsKey, generateFcmServiceAccount, startApnsPeer, startFcmPeer } from './peers.ts';

/** Both peers and providers pointed at them. */
export async function startPushPeers(options: { delayMs?: number } = {}) {
  const account = generateFcmServiceAccount();
  const apnsKey = generateApnsKey();
  const fcm = await startFcmPeer({ account, ...options });
  const apns = await startApnsPeer({ key: apnsKey, ...options });
  const env = {
    FCM_SERVICE_ACCOUNT: JSON.stringify(account.serviceAccount),
    FCM_ENDPOINT: fcm.endpoint,
    FCM_OAUTH_TOKEN_URL: fcm.tokenUrl,
    APNS_KEY: apnsKey.key,
    APNS_KEY_ID: apnsKey.keyId,
    APNS_TEAM_ID: apnsKey.teamId,
    APNS_TOPIC: apnsKey.topic,
    APNS_ENDPOINT: apns.endpoint,
  };
  const providers = () => ({
    fcm: createFcmProvider({
      serviceAccount: account.serviceAccount,
      endpoint: fcm.endpoint,
      oauthTokenUrl: fcm.tokenUrl,
    }),
    apns: createApnsProvider({ endpoint: apns.endpoint, ...apnsKey }),
  });
  return {
    fcm,
    apns,
    env,
    providers,
    /** Pushes accepted per device token, both platforms. */
    count: (token: string) => (fcm.log.counts.get(token) ?? 0) + (apns.log.counts.get(token) ?? 0),
    total: () => fcm.log.pushes.length + apns.log.pushes.length,
    reset() {
      fcm.log.reset();
      apns.log.reset();
    },
    close: () => Promise.all([fcm.close(), apns.close()]),
  };
}
export type PushPeers = Awaited<ReturnType<typeof startPushPeers>>;

export function sendHandler(t: TestRuntime, providers: ReturnType<PushPeers['providers']>) {
  return notifySendJob({
    notifications: t.core.notifications,
    providers,
    queue: createJobQueue(t.boss),
    concurrency: 20,
    workerConcurrency: 1,
  });
}

/** Runs every job ready in the queue through the handler (settling each like the worker does). */
export async function drain(
  t: TestRuntime,
  handler: JobHandler,
): Promise<{ completed: number; failed: number }> {
  let completed = 0;
  let failed = 0;
  for (;;) {
    const jobs = await t.boss.fetch<unknown>(handler.queue.name, { batchSize: 20 });
    if (jobs.length === 0) return { completed, failed };
    for (const job of jobs) {
      try {
        await handler.handle(handler.queue.schema.parse(job.data), { logger: t.logger, jobId: job.id });
        await t.boss.complete(handler.queue.name, job.id);
        completed++;
      } catch (error) {
        await t.boss.fail(handler.queue.name, job.id, { message: (error as Error).message });
        failed++;
      }
    }
  }
}

export const fcmToken = () => `fcm-${randomBytes(20).toString('base64url')}`;
export const apnsToken = () => randomBytes(32).toString('hex');

/** Users with notifications on and one device each, inserted in bulk (no signup cost). */
export async function createUsers(
  t: TestRuntime,
  users: { timezone: string; platform?: 'fcm' | 'apns'; reminder_time?: string; enabled?: boolean }[],
) {
  const created: {
    id: string;
    username: string;
    timezone: string;
    token: string;
    platform: 'fcm' | 'apns';
  }[] = [];
  for (const user of users) {
    const username = `u_${randomBytes(6).toString('hex')}`;
    const row = await t.db
      .insertInto('users')
      .values({ username, password_hash: 'x', pseudonym: username, timezone: user.timezone })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('user_settings')
      .values({
        user_id: row.id,
        notifications_enabled: user.enabled ?? true,
        reminder_time: user.reminder_time ? `${user.reminder_time}:00` : null,
      })
      .execute();
    const platform = user.platform ?? 'fcm';
    const token = platform === 'fcm' ? fcmToken() : apnsToken();
    await t.core.users.updateNotificationSettings(row.id, {
      is_enabled: user.enabled ?? true,
      token,
      platform,
    });
    created.push({ id: row.id, username, timezone: user.timezone, token, platform });
  }
  return created;
}

export async function sendsFor(t: TestRuntime, userId: string) {
  return t.db
    .selectFrom('notification_sends')
    .select(['status', 'kind', 'title', 'device_id'])
    .where('user_id', '=', userId)
    .execute();
}

export const NOTIFY_SEND = QUEUES.notifySend;
