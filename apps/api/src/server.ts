import cors from '@fastify/cors';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { Config } from '@wbn/core/config';
import type { Core } from '@wbn/core/core';
import type { Db } from '@wbn/core/db/database';
import { AppError } from '@wbn/core/errors';
import type { Logger } from '@wbn/core/logger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { Redis } from 'ioredis';
import { registerErrorHandlers } from './http/error-handler.ts';
import { toHttpError } from './http/errors.ts';
import { apiDocument } from './http/openapi.ts';
import { restProcedures, strictlyLimitedPaths } from './http/procedures.ts';
import { registerRateLimits } from './http/rate-limit.ts';
import { registerRest } from './http/rest.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { appRouter } from './router.ts';
import { contentAudioRoutes } from './routes/content-audio.route.ts';
import { docsRoutes } from './routes/docs.route.ts';
import { healthRoutes } from './routes/health.route.ts';
import type { Context } from './trpc.ts';

/** Calls one tRPC batch may carry; the SDK's httpBatchLink uses the same number. */
export const MAX_TRPC_BATCH = 10;

export interface ServerDeps {
  config: Config;
  logger: Logger;
  db: Db;
  core: Core;
}

function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Builds the whole HTTP surface: tRPC at /trpc, REST at /api, docs, health. Does not listen. */
export async function buildServer({ config, logger, db, core }: ServerDeps): Promise<FastifyInstance> {
  const hops = config.http.trustProxy;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    // A hop count trusts that many proxies nearest to us (Fastify's types take it as a function).
    trustProxy: typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops,
    routerOptions: { maxParamLength: 5000 },
    // Fastify would otherwise answer during shutdown with a connection reset; let in-flight requests finish.
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed percent-encoding in the path) leave as ApiError too.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const { status, body } = toHttpError(error);
      void reply.code(status).send(body);
    },
  });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));

  registerErrorHandlers(app);
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
      onError: ({ error, path }: { error: { code: string; cause?: unknown }; path?: string }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    },
  });
  await app.register(async (scope) => {
    // REST bodies are JSON only: without this parser, a text/plain body answers 415.
    scope.removeContentTypeParser('text/plain');
    registerRest(scope, { procedures, createContext, logger, strictRateLimit });
  });
  await app.register(healthRoutes, { db });
  await app.register(contentAudioRoutes, { core });
  await app.register(docsRoutes, { document: apiDocument(config.publicUrl) });
  return app;
}
