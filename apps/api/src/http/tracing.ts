import type { Tracing } from '@wbn/core/tracing/tracing';
import type { FastifyInstance } from 'fastify';

/**
 * One server span per HTTP request, named by method and route template, and the rest of the
 * request (hooks, procedures, SQL, enqueued jobs) runs inside it. Registered only when tracing is
 * on: an untraced server has no hook for it.
 */
export function registerHttpTracing(app: FastifyInstance, tracing: Tracing): void {
  if (!tracing.enabled) return;
  // A callback hook, not an async one: everything after `done` runs in the span's context.
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracing.startSpan(`${request.method} ${route}`, {
      'http.request.method': request.method,
      'http.route': route,
      'request.id': request.id,
    });
    // 'close' fires once whether the answer was sent or the client went away.
    reply.raw.once('close', () => {
      span.setAttributes({ 'http.response.status_code': reply.statusCode });
      span.end({ error: reply.statusCode >= 500 });
    });
    span.activate(done);
  });
}
