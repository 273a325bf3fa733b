import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request (or of the job that a request enqueued) being served, carried through async
 * calls so every log line it causes, and every job it enqueues, names it without passing it around.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequestId<T>(requestId: string | undefined, run: () => T): T {
  return requestId ? storage.run({ requestId }, run) : run();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
