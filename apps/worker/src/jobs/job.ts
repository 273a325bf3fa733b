import type { Logger } from '@wbn/core/logger';
import type { QueueDefinition } from '@wbn/core/queue/job-queue';
import type { WorkPolicy } from '@wbn/core/queue/queue-policies';
import type { z } from 'zod';

/**
 * One queue's consumer: the queue (name + payload schema, from contracts) and what to do with one
 * payload. The worker parses every payload with the schema before calling `handle`; a payload that
 * does not parse fails the job (and after the retries lands in the dead-letter queue).
 */
export interface JobHandler<S extends z.ZodType = z.ZodType> {
  queue: QueueDefinition<S>;
  handle(payload: z.output<S>, context: { logger: Logger; jobId: string }): Promise<void>;
  /** Overrides of the queue's work policy that come from configuration (queue-policies.ts has the rest). */
  workOptions?: Partial<WorkPolicy>;
  /** A pg-boss schedule that enqueues this queue's job (cron in UTC). */
  schedule?: { cron: string };
  /**
   * Delete the job as soon as it has been handled instead of keeping it completed, for payloads that
   * must not outlive their use (an email address). pg-boss treats a job its handler settled as done.
   */
  deleteWhenDone?: boolean;
}
