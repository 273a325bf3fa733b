import type { Metrics } from '@wbn/core/metrics/metrics';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram } from 'prom-client';

/**
 * Request duration by route template (never the raw URL: ids would make every request a series of
 * its own), method and status; requests in flight; rate-limit rejections.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  const registers = [metrics.registry];
  const duration = new Histogram({
    name: 'wbn_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const inFlight = new Gauge({
    name: 'wbn_http_requests_in_flight',
    help: 'Requests received and not yet answered',
    registers,
  });
  const rejected = new Counter({
    name: 'wbn_rate_limit_rejections_total',
    help: 'Requests refused with 429 (per-IP limits, sign-in throttling), by route template',
    labelNames: ['route'],
    registers,
  });

  // Callback hooks, not async ones: each async hook costs every request a promise and a turn.
  app.addHook('onRequest', (_request, reply, done) => {
    inFlight.inc();
    // 'close' fires once whether the answer was sent or the client went away.
    reply.raw.once('close', () => inFlight.dec());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    duration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    if (status === 429) rejected.inc({ route });
    done();
  });
}
