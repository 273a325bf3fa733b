import { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@wbn/core/errors';
import type { FastifyInstance } from 'fastify';

/** How long open keep-alive connections may still bring a request (answered 503) before they are closed. */
const IDLE_GRACE_MS = 1000;

/**
 * Shutting down without resetting anyone: stop accepting connections; a request that still arrives on
 * an open one is answered 503 UNAVAILABLE (the documented shape, with Retry-After) and its connection
 * closed after the answer; requests in flight finish and also close their connection; connections that
 * stay idle are closed after a short grace. Then `app.close()` finds nothing left to cut.
 */
export function registerDrain(app: FastifyInstance): { drain(): Promise<void> } {
  let draining = false;
  // Passed on as an error, so the error handler answers it like every other error (the contract body,
  // Retry-After, logged). Callback hooks: an async one would cost every request a promise.
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!draining) return done();
    done(new AppError('UNAVAILABLE', 'This server is shutting down; retry', { retryAfterSeconds: 1 }));
  });
  // Every answer sent while draining ends its connection, so the client reconnects elsewhere.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  return {
    async drain() {
      if (draining) return;
      draining = true;
      // net.Server's close stops accepting; http.Server's would also drop idle keep-alive connections at
      // once, resetting a request a client may be sending on one at that moment.
      if (app.server.listening) Server.prototype.close.call(app.server);
      await sleep(IDLE_GRACE_MS);
      app.server.closeIdleConnections();
    },
  };
}
