import { fromKysely, type JobOptions, PgBoss } from 'pg-boss';
import type { z } from 'zod';
import type { DbOrTx } from '../db/database.ts';
import { currentRequestId } from '../request-context.ts';
import { noTracing, type TraceCarrier, type Tracing } from '../tracing/tracing.ts';

/** A queue as `@wbn/contracts/queues` declares it: a name and the schema of its payload. */
export interface QueueDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
}

export interface SendOptions extends JobOptions {
  /** Enqueue inside this transaction: if it rolls back, the job was never sent. */
  tx?: DbOrTx;
}

/** What services need from the job system: enqueue a validated payload, optionally transactionally. */
export interface JobQueue {
  send<S extends z.ZodType>(
    queue: QueueDefinition<S>,
    payload: z.input<S>,
    options?: SendOptions,
  ): Promise<string | null>;
  /** Bulk enqueue (one statement for the whole list), optionally inside a transaction. */
  insert<S extends z.ZodType>(
    queue: QueueDefinition<S>,
    payloads: z.input<S>[],
    options?: { tx?: DbOrTx },
  ): Promise<void>;
}

export function createPgBoss(options: { connectionString: string; max?: number }): PgBoss {
  return new PgBoss({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    application_name: 'wbn-queue',
    useListenNotify: true,
  });
}

export function createJobQueue(boss: PgBoss, tracing: Tracing = noTracing): JobQueue {
  const withOrigin = (data: object) => withTraceContext(withRequestId(data), tracing);
  return {
    async send(queue, payload, options = {}) {
      const { tx, ...jobOptions } = options;
      const data = withOrigin(queue.schema.parse(payload) as object);
      return boss.send(queue.name, data, { ...jobOptions, ...(tx ? { db: fromKysely(tx) } : {}) });
    },
    async insert(queue, payloads, options = {}) {
      if (payloads.length === 0) return;
      const jobs = payloads.map((payload) => ({
        data: withOrigin(queue.schema.parse(payload) as object),
      }));
      await boss.insert(queue.name, jobs, options.tx ? { db: fromKysely(options.tx) } : {});
    },
  };
}

/**
 * Field of a job's data naming the request that enqueued it, so the worker's log lines for the job
 * carry the same id as the API's for the request. Not part of any payload schema: the worker takes it
 * off before parsing.
 */
export const JOB_REQUEST_ID_FIELD = 'requestId';

function withRequestId(data: object): object {
  const requestId = currentRequestId();
  return requestId ? { ...data, [JOB_REQUEST_ID_FIELD]: requestId } : data;
}

/**
 * Field of a job's data holding the W3C trace context of the span that enqueued it (when tracing),
 * so the job's span joins the request's trace. Taken off before parsing, like the request id.
 */
export const JOB_TRACE_CONTEXT_FIELD = 'traceContext';

function withTraceContext(data: object, tracing: Tracing): object {
  const carrier = tracing.currentCarrier();
  return carrier ? { ...data, [JOB_TRACE_CONTEXT_FIELD]: carrier } : data;
}

/** Where a job came from: the request id and trace context its data carries besides the payload. */
export interface JobOrigin {
  requestId: string | undefined;
  traceContext: TraceCarrier | undefined;
}

/** The payload without the request id and trace context, and those two. */
export function splitJobOrigin(data: unknown): { payload: unknown } & JobOrigin {
  if (
    typeof data !== 'object' ||
    data === null ||
    !(JOB_REQUEST_ID_FIELD in data || JOB_TRACE_CONTEXT_FIELD in data)
  ) {
    return { payload: data, requestId: undefined, traceContext: undefined };
  }
  const {
    [JOB_REQUEST_ID_FIELD]: requestId,
    [JOB_TRACE_CONTEXT_FIELD]: traceContext,
    ...payload
  } = data as Record<string, unknown>;
  return {
    payload,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    traceContext: isCarrier(traceContext) ? traceContext : undefined,
  };
}

function isCarrier(value: unknown): value is TraceCarrier {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { traceparent?: unknown }).traceparent === 'string'
  );
}
