import { QUEUES } from '@wbn/contracts/queues';
import type { PgBoss, Queue } from 'pg-boss';

/**
 * Retry and dead-letter policy per queue. A job that exhausts its retries is copied to
 * `<queue>-dead-letter`, where an operator can inspect it; nothing fails silently.
 */
export const QUEUE_POLICIES: Record<string, Omit<Queue, 'name'>> = {
  [QUEUES.passwordReset.name]: {
    // A person is waiting for this mail: wake a worker through LISTEN/NOTIFY instead of the next poll.
    notify: true,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 60,
    // The payload is an email address: keep completed jobs no longer than needed to debug a delivery.
    deleteAfterSeconds: 3_600,
  },
  // The scheduler's heartbeat: a missed tick is caught up by the next one, so no retries pile up.
  [QUEUES.notifyTick.name]: {
    retryLimit: 1,
    retryDelay: 30,
    expireInSeconds: 600,
    deleteAfterSeconds: 86_400,
  },
  // One batch of pushes. Retried (429/5xx, a crash) with backoff; the send log skips devices already
  // pushed. A batch that keeps failing ends in notify-send-dead-letter.
  [QUEUES.notifySend.name]: {
    retryLimit: 6,
    retryDelay: 15,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 300,
    // A worker that dies mid-batch stops heartbeating: the batch is retried in about a minute, not at expiry.
    heartbeatSeconds: 30,
    deleteAfterSeconds: 86_400,
  },
  // Blanks the text of posts and replies deleted longer ago than the retention period. Idempotent: a
  // missed day is simply covered by the next run.
  [QUEUES.communityPurge.name]: {
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 600,
    deleteAfterSeconds: 7 * 86_400,
  },
  // Mails to an address that travels in the payload: a person may be waiting (a code), so wake a worker;
  // a completed job is deleted at the next maintenance run (pg-boss treats 0 as "keep forever").
  [QUEUES.accountMail.name]: {
    notify: true,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 60,
    deleteAfterSeconds: 1,
  },
  // Builds one export; a crash mid-way is retried (the handler overwrites the same object).
  [QUEUES.dataExport.name]: {
    // Someone is waiting to download it.
    notify: true,
    retryLimit: 3,
    retryDelay: 60,
    expireInSeconds: 900,
    heartbeatSeconds: 60,
    deleteAfterSeconds: 86_400,
  },
  [QUEUES.accountRetention.name]: {
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 600,
    deleteAfterSeconds: 86_400,
  },
};

/**
 * How workers pull each queue. A worker fetches up to `batchSize` jobs, runs them side by side (each
 * settles on its own: one failure fails only its job), and fetches again at once while batches come
 * back full, so a backlog drains at the speed of its handlers; a short batch means the queue is
 * empty, and the worker then waits for a NOTIFY (queues with `notify`) or the next poll.
 */
export interface WorkPolicy {
  /** Jobs fetched (and run concurrently) at once per worker loop. */
  batchSize: number;
  /** Worker loops per process for this queue. */
  localConcurrency: number;
  /** Idle poll for queues without NOTIFY (and when LISTEN is down). */
  pollingIntervalSeconds: number;
  /**
   * Idle poll for NOTIFY queues: the backstop for jobs NOTIFY does not announce (retries coming due,
   * jobs sent while the listener reconnected). pg-boss's default is 30 s.
   */
  notifyPollingIntervalSeconds: number;
}

/** Queues without an entry below (new queues included) are worked like this. */
export const DEFAULT_WORK_POLICY: WorkPolicy = {
  batchSize: 10,
  localConcurrency: 1,
  pollingIntervalSeconds: 2,
  notifyPollingIntervalSeconds: 5,
};

export const WORK_POLICIES: Record<string, Partial<WorkPolicy>> = {
  // A person waits for each of these: 25 at once (one transaction and one pooled SMTP send each) keeps
  // the database pool and the SMTP connections busy without queueing behind each other for long.
  [QUEUES.passwordReset.name]: { batchSize: 25 },
  // Heavy jobs (hundreds of pushes each, concurrent inside the job): one per worker loop, so
  // NOTIFY_WORKER_CONCURRENCY loops bound the pushes in flight. A job takes longer than the 0.5 s
  // poll, so the loop fetches the next one at once while a fan-out is being worked off.
  [QUEUES.notifySend.name]: { batchSize: 1, pollingIntervalSeconds: 0.5 },
  // One job per cron slot: nothing to batch.
  [QUEUES.notifyTick.name]: { batchSize: 1 },
  [QUEUES.communityPurge.name]: { batchSize: 1 },
};

export function workPolicyFor(queue: string): WorkPolicy {
  return { ...DEFAULT_WORK_POLICY, ...WORK_POLICIES[queue] };
}

export const deadLetterQueueName = (queue: string) => `${queue}-dead-letter`;

/** Creates every queue and its dead-letter queue (idempotent); senders and workers both need them. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, policy] of Object.entries(QUEUE_POLICIES)) {
    const deadLetter = deadLetterQueueName(name);
    await boss.createQueue(deadLetter, { retentionSeconds: 30 * 86_400 });
    await boss.createQueue(name, { ...policy, deadLetter });
  }
}
