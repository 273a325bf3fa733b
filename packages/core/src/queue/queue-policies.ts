import { QUEUES } from '@wbn/contracts/queues';
import type { PgBoss, Queue } from 'pg-boss';

/**
 * Retry and dead-letter policy per queue. A job that exhausts its retries is copied to
 * `<queue>-dead-letter`, where an operator can inspect it; nothing fails silently.
 */
export const QUEUE_POLICIES: Record<string, Omit<Queue, 'name'>> = {
  [QUEUES.mailSend.name]: {
    // A person is waiting for this mail: wake a worker through LISTEN/NOTIFY instead of the next poll.
    notify: true,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 60,
    // Completed mail jobs carry a one-time code: keep them no longer than needed to debug a delivery.
    deleteAfterSeconds: 3_600,
  },
};

export const deadLetterQueueName = (queue: string) => `${queue}-dead-letter`;

/** Creates every queue and its dead-letter queue (idempotent); senders and workers both need them. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, policy] of Object.entries(QUEUE_POLICIES)) {
    const deadLetter = deadLetterQueueName(name);
    await boss.createQueue(deadLetter, { retentionSeconds: 30 * 86_400 });
    await boss.createQueue(name, { ...policy, deadLetter });
  }
}
