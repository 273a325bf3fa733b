import type { FastifyInstance } from 'fastify';

/** How often the server looks whether requests came in; memory goes back one to two periods after the last. */
export const IDLE_CHECK_MS = 15_000;

type Collect = () => void;

/**
 * V8's own "last resort" collection: besides collecting, it compacts and hands the emptied heap
 * pages back to the operating system (a regular collection keeps them for the next burst). Only
 * there when node runs with --expose-gc, as the start scripts do.
 */
function lastResortCollection(): Collect | undefined {
  const gc = (globalThis as { gc?: (options?: object) => unknown }).gc;
  return gc && (() => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }));
}

/**
 * Gives memory back once the server has gone quiet: after a check period with no request (and once
 * per quiet spell), one full collection that shrinks the heap. Under load it never runs, so it
 * costs no throughput; when it runs it pauses the loop for a few tens of milliseconds.
 */
export function registerIdleMemoryRelease(
  app: FastifyInstance,
  { collect = lastResortCollection(), checkMs = IDLE_CHECK_MS }: { collect?: Collect; checkMs?: number } = {},
): void {
  if (!collect) return;
  let requests = 0;
  let seen = 0;
  // The start-up itself leaves garbage and a grown heap behind: the first quiet spell releases it too.
  let released = false;
  app.addHook('onRequest', (_request, _reply, done) => {
    requests++;
    done();
  });
  const timer = setInterval(() => {
    if (requests !== seen) {
      seen = requests;
      released = false;
    } else if (!released) {
      released = true;
      collect();
    }
  }, checkMs);
  // Never what keeps the process alive.
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
