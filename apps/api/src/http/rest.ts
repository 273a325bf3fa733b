import type { TRPCError } from '@trpc/server';
import { AppError } from '@wbn/core/errors';
import type { FastifyInstance } from 'fastify';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import type { AppRouter } from '../router.ts';
import type { Context, Meta } from '../trpc.ts';
import type { ApiErrorBody } from './errors.ts';

interface RestOptions {
  router: AppRouter;
  createContext: (opts: { req: { headers: Record<string, unknown>; ip?: string } }) => Context;
  bodyLimitBytes: number;
}

/**
 * Serves every procedure that declares `meta.openapi` as plain REST under /api. Errors leave as the
 * canonical body (see errors.ts) instead of the tRPC envelope.
 */
export async function registerRest(app: FastifyInstance, options: RestOptions): Promise<void> {
  const successStatus = collectSuccessStatuses(options.router);

  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    const parsed = JSON.parse(payload) as { data?: { error?: ApiErrorBody } };
    return parsed.data?.error ? JSON.stringify(parsed.data.error) : payload;
  });

  await app.register(fastifyTRPCOpenApiPlugin, {
    basePath: '/api',
    router: options.router,
    createContext: options.createContext as never,
    maxBodySize: options.bodyLimitBytes,
    responseMeta: ({ paths, errors }: { paths?: readonly string[]; errors: TRPCError[] }) => {
      const retryAfter = errors.map((e) => e.cause).find((c) => c instanceof AppError)?.retryAfterSeconds;
      if (retryAfter) return { headers: { 'retry-after': String(retryAfter) } };
      const status = errors.length === 0 && paths?.[0] ? successStatus.get(paths[0]) : undefined;
      return status ? { status } : {};
    },
  });
}

/** Reads `meta.successStatus` off every procedure once, at start-up. */
export function collectSuccessStatuses(router: AppRouter): Map<string, number> {
  const statuses = new Map<string, number>();
  const procedures = router._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>;
  for (const [path, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta;
    if (meta?.successStatus) statuses.set(path, meta.successStatus);
  }
  return statuses;
}
