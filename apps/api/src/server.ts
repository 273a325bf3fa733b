import path from 'node:path';
import cors from '@fastify/cors';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { Config } from '@wbn/core/config';
import type { Core } from '@wbn/core/core';
import type { Db } from '@wbn/core/db/database';
import { AppError } from '@wbn/core/errors';
import type { Logger } from '@wbn/core/logger';
import type { Metrics } from '@wbn/core/metrics/metrics';
import { closeRedis, createResilientRedis } from '@wbn/core/redis/resilient-redis';
import { noTracing, type Tracing } from '@wbn/core/tracing/tracing';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { registerDrain } from './http/drain.ts';
import { logServerError, registerErrorHandlers, replyWithError } from './http/error-handler.ts';
import { registerIdleMemoryRelease } from './http/idle-memory.ts';
import { registerHttpMetrics } from './http/metrics.ts';
import { restProcedures, strictlyLimitedPaths } from './http/procedures.ts';
import { registerRateLimits } from './http/rate-limit.ts';
import { registerRequestIdHeader, requestIdOf } from './http/request-id.ts';
import { registerRest } from './http/rest.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerHttpTracing } from './http/tracing.ts';
import { appRouter } from './router.ts';
import { consoleRoutes } from './routes/console.route.ts';
import { contentAudioRoutes } from './routes/content-audio.route.ts';
import { docsRoutes } from './routes/docs.route.ts';
import { exportDownloadRoutes } from './routes/export-download.route.ts';
import { healthRoutes } from './routes/health.route.ts';
import type { Context } from './trpc.ts';

/** The built moderator console (apps/console/dist), served at /console/. */
const CONSOLE_DIST = path.join(import.meta.dirname, '../../console/dist');

/** Calls one tRPC batch may carry; the SDK's httpBatchLink uses the same number. */
export const MAX_TRPC_BATCH = 10;

export interface ServerDeps {
  config: Config;
  logger: Logger;
  db: Db;
  core: Core;
  metrics: Metrics;
  /** Spans per request and procedure when the runtime traces; default none. */
  tracing?: Tracing;
}

function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Builds the whole HTTP surface: tRPC at /trpc, REST at /api, docs, health. Does not listen. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  return (await buildDrainableServer(deps)).app;
}

/** The server and its graceful drain (see http/drain.ts), for the processes that shut it down. */
export async function buildDrainableServer({
  config,
  logger,
  db,
  core,
  metrics,
  tracing = noTracing,
}: ServerDeps): Promise<{
  app: FastifyInstance;
  drain: () => Promise<void>;
}> {
  const hops = config.http.trustProxy;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    // A hop count trusts that many proxies nearest to us (Fastify's types take it as a function).
    trustProxy: typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops,
    routerOptions: { maxParamLength: 5000 },
    // Shutdown is drain.ts's: it answers late requests in the documented shape, not Fastify's.
    return503OnClosing: false,
    genReqId: requestIdOf,
    // Errors Fastify raises before routing (a malformed percent-encoding in the path) leave as ApiError too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void replyWithError(request, reply, error);
    },
  });
  const redis = config.redisUrl
    ? createResilientRedis({ url: config.redisUrl, logger, name: 'rate limits' })
    : undefined;
  if (redis) app.addHook('onClose', () => closeRedis(redis));

  registerHttpTracing(app, tracing);
  registerRequestIdHeader(app);
  registerHttpMetrics(app, metrics);
  const { drain } = registerDrain(app);
  registerErrorHandlers(app);
  registerIdleMemoryRelease(app);
  // Cross-origin resource policy: clients on other origins (web app, audio players) are governed by CORS.
  registerSecurityHeaders(app, {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.http.corsOrigins, credentials: false, maxAge: 600 });
  }
  const procedures = restProcedures(appRouter);
  const strictRateLimit = await registerRateLimits(app, {
    config: config.http.rateLimit,
    redis,
    strictPaths: strictlyLimitedPaths(procedures),
  });

  const createContext = (req: FastifyRequest): Context => ({
    core,
    logger,
    bearerToken: bearerToken(req.headers.authorization),
    ip: req.ip,
    requestId: req.id,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
    tracing,
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      // Batching stays for clients, bounded: one HTTP request must not carry hundreds of calls
      // (each sign-in in a batch also counts against the strict auth limit, see rate-limit.ts).
      maxBatchSize: MAX_TRPC_BATCH,
      createContext: ({ req }: { req: FastifyRequest }) => createContext(req),
      responseMeta: ({ errors }: { errors: { cause?: unknown }[] }) => {
        const retryAfter = errors.map((e) => e.cause).find((c) => c instanceof AppError)?.retryAfterSeconds;
        return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {};
      },
      // tRPC answers its own errors, so its 5xx are logged here, by the same function as REST's.
      onError: ({ error, req, path }: { error: unknown; req: FastifyRequest; path?: string }) =>
        logServerError(req, `/trpc/${path ?? ''}`, error),
    },
  });
  await app.register(async (scope) => {
    // REST bodies are JSON only: without this parser, a text/plain body answers 415.
    scope.removeContentTypeParser('text/plain');
    registerRest(scope, { procedures, createContext, strictRateLimit });
  });
  await app.register(healthRoutes, { db });
  await app.register(contentAudioRoutes, { core });
  await app.register(exportDownloadRoutes, { core, bearerToken });
  await app.register(docsRoutes, {
    buildDocument: async () => (await import('./http/openapi.ts')).apiDocument(config.publicUrl),
  });
  await app.register(consoleRoutes, { root: CONSOLE_DIST });
  return { app, drain };
}
