import rateLimit from '@fastify/rate-limit';
import type { Config } from '@wbn/core/config';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

/** Sign-up, sign-in, refresh, reset and password change: the doors credential stuffing knocks on. */
const STRICT_REST_PATHS =
  /^\/api\/auth\/(signup|login|refresh|reset-password-request|reset-password-confirm|change-password)\/?$/;
const STRICT_TRPC_PROCEDURES =
  /\bauth\.(signup|login|refresh|resetPasswordRequest|resetPasswordConfirm|changePassword)\b/g;

/**
 * How many strict-limited calls a request makes. The path is normalised the way the routers will read
 * it (percent-decoding, dot segments, case), so `/api/AUTH/./login` cannot slip past; a tRPC batch
 * counts each of its sign-in calls.
 */
export function strictCallsIn(url: string): number {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return 0;
  }
  const lower = path.toLowerCase().replace(/\/{2,}/g, '/');
  if (STRICT_REST_PATHS.test(lower)) return 1;
  if (!lower.startsWith('/trpc/')) return 0;
  return path.slice('/trpc/'.length).match(STRICT_TRPC_PROCEDURES)?.length ?? 0;
}

/**
 * A global per-IP limit on everything, and a strict one on the auth doors. Counters live in Redis
 * when it is configured, so several API processes share them. RATE_LIMIT=off disables both.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { config: Config['http']['rateLimit']; redis: Redis | undefined },
): Promise<void> {
  const { config, redis } = options;
  if (!config.enabled) {
    app.log.warn('RATE_LIMIT=off: every rate limit is disabled (load testing only; never in production)');
    return;
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
    for (let calls = strictCallsIn(request.url); calls > 0; calls--) await strict.call(app, request, reply);
  });
}
