import rateLimit from '@fastify/rate-limit';
import type { Config } from '@wbn/core/config';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * How many calls of a tRPC URL (`/trpc/a.b,c.d?batch=1`) are under the strict budget: a batch counts
 * each of its sign-in calls. REST routes need no such parsing: the adapter attaches the strict hook
 * to exactly the routes whose procedure declares `rateLimit: 'auth'`.
 */
export function strictCallsInTrpcUrl(url: string, strictPaths: ReadonlySet<string>): number {
  const end = url.indexOf('?');
  let names: string;
  try {
    names = decodeURIComponent(url.slice('/trpc/'.length, end === -1 ? undefined : end));
  } catch {
    return 0;
  }
  let calls = 0;
  for (const name of names.split(',')) if (strictPaths.has(name)) calls++;
  return calls;
}

/**
 * A global per-IP limit on everything, and a strict one on the sign-in doors (the procedures that
 * declare `rateLimit: 'auth'`). Counters live in Redis when it is configured, so several API
 * processes share them. RATE_LIMIT=off disables both. Returns the strict check for REST routes.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: {
    config: Config['http']['rateLimit'];
    redis: Redis | undefined;
    strictPaths: ReadonlySet<string>;
  },
): Promise<onRequestHookHandler | undefined> {
  const { config, redis } = options;
  if (!config.enabled) {
    app.log.warn('RATE_LIMIT=off: every rate limit is disabled (load testing only; never in production)');
    return undefined;
  }
  await app.register(rateLimit, {
    global: true,
    max: config.globalMax,
    timeWindow: config.globalWindowSeconds * 1000,
    ...(redis ? { redis, nameSpace: 'wbn-rate-global-' } : {}),
  });
  const strict = app.rateLimit({
    max: config.authMax,
    timeWindow: config.authWindowSeconds * 1000,
    keyGenerator: (request) => `auth:${request.ip}`,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/trpc/')) return;
    for (let calls = strictCallsInTrpcUrl(request.url, options.strictPaths); calls > 0; calls--) {
      await strict.call(app, request, reply);
    }
  });
  return strict;
}
