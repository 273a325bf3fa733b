import { initTRPC, TRPCError } from '@trpc/server';
import type { Actor } from '@wbn/core/auth/actor';
import type { Core } from '@wbn/core/core';
import { AppError } from '@wbn/core/errors';
import type { Logger } from '@wbn/core/logger';
import { runWithRequestId } from '@wbn/core/request-context';
import type { Tracing } from '@wbn/core/tracing/tracing';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { asAppError, formatError, toTRPCError } from './http/errors.ts';
import { assertWithinInputLimits } from './http/input-limits.ts';

/** What every procedure sees. The bearer token is resolved into `user` by the authed procedures only. */
export interface Context {
  core: Core;
  logger: Logger;
  bearerToken: string | undefined;
  ip: string;
  /** The HTTP request's id (x-request-id), which log lines and enqueued jobs carry. */
  requestId: string | undefined;
  /** Stored with a new session (truncated) and shown in the person's session list. */
  userAgent?: string | undefined;
  /** A span per procedure call when the process traces. */
  tracing: Tracing;
}

/** Who may call a procedure. Set by the procedure builders below, never by hand. */
export type Access = 'public' | 'authed' | 'authed-even-if-banned' | 'premium' | 'moderator' | 'operator';

/** Error statuses a procedure can answer beyond what its access, path and body already imply. */
export type ExtraErrorStatus = 401 | 403 | 404 | 409;

/**
 * Everything the REST adapter and the OpenAPI document read off a procedure. Only `openapi` is
 * required for a REST route; every other field has a default that suits a plain JSON procedure.
 */
export type Meta = OpenApiMeta<{
  /** A REST create answers 201; tRPC itself always answers 200. Default 200. */
  successStatus?: 200 | 201;
  access?: Access;
  /** 'auth': the strict per-IP budget of the sign-in doors, on REST and tRPC. Default: the global one. */
  rateLimit?: 'default' | 'auth';
  /** Public, shared GET answers: Cache-Control, ETag and 304 (see http/http-cache.ts). Default none. */
  cache?: { cacheControl: string };
  /** E.g. 404 for an id in the body, 409 for a taken name: documented and tested per operation. */
  errors?: ExtraErrorStatus[];
}>;

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

interface EdgeOptions {
  ctx: Context;
  path: string;
  getRawInput: () => Promise<unknown>;
}

/**
 * What every procedure passes first, in its one middleware (one per procedure: each middleware
 * costs tRPC a copy of the call's options). The raw input is held to the structural limits (depth,
 * size) before any schema parses it, on /trpc (batches too) and /api alike; the rest of the call
 * runs under the request id, so its log lines and the jobs it enqueues carry it; then domain errors
 * and database outages become tRPC errors (an outage a SERVICE_UNAVAILABLE, so tRPC answers 503
 * too), once, for every procedure. Failures are logged where they are answered
 * (http/error-handler.ts), not here.
 */
async function atTheEdge<R extends { ok: boolean; error?: { cause?: unknown } }>(
  { ctx, path, getRawInput }: EdgeOptions,
  proceed: () => Promise<R>,
): Promise<R> {
  let result: R;
  try {
    assertWithinInputLimits(await getRawInput());
    result = await runWithRequestId(ctx.requestId, () =>
      ctx.tracing.enabled
        ? ctx.tracing.inSpan(`procedure ${path}`, { 'rpc.method': path }, proceed)
        : proceed(),
    );
  } catch (error) {
    // Thrown here (the limits, authentication) rather than by the procedure further down.
    throw asTRPCError(error) ?? error;
  }
  const failure = result.ok ? undefined : asTRPCError(result.error?.cause);
  if (failure) throw failure;
  return result;
}

/** A domain error or a database outage as the tRPC error it answers as. */
function asTRPCError(error: unknown): TRPCError | undefined {
  const domain = asAppError(error);
  return domain && toTRPCError(domain);
}

export const publicProcedure = t.procedure
  .meta({ access: 'public' })
  .use((options) => atTheEdge(options, () => options.next()));

async function authenticate(ctx: Context, options: { allowBanned: boolean }): Promise<Actor> {
  if (!ctx.bearerToken) {
    throw new AppError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <token>');
  }
  const actor = await ctx.core.auth.authenticate(ctx.bearerToken);
  // Defence in depth: the services refuse a banned actor too, but most work never needs to start.
  if (actor.isBanned && !options.allowBanned) {
    throw new AppError('FORBIDDEN', 'This account has been suspended by a moderator', {
      reason: 'ACCOUNT_BANNED',
    });
  }
  return actor;
}

/** The edge middleware, then the bearer token resolved into `ctx.user`, before any input parsing. */
const authenticatedProcedure = (
  access: 'authed' | 'authed-even-if-banned',
  options: { allowBanned: boolean },
) =>
  t.procedure
    .meta({ access })
    .use((call) =>
      atTheEdge(call, async () => call.next({ ctx: { user: await authenticate(call.ctx, options) } })),
    );

/**
 * Authenticates before input parsing, so a missing or bad token is a 401 even when the body is also
 * wrong. Every request checks the session: logout, bans and deletion apply at once.
 */
export const authedProcedure = authenticatedProcedure('authed', { allowBanned: false });

/**
 * Like authedProcedure but lets a banned user through: for reading their moderation notices and for
 * their data rights (export, erasure, activity log), which the services grant regardless of a ban.
 */
export const authedEvenIfBannedProcedure = authenticatedProcedure('authed-even-if-banned', {
  allowBanned: true,
});

/** Authed; the service checks the premium rule itself (assertPremium). The access value documents the 403. */
export const premiumProcedure = authedProcedure.meta({ access: 'premium' });

/** Authed; the service checks the moderator rule itself (assertModerator). */
export const moderatorProcedure = authedProcedure.meta({ access: 'moderator' });

/** Authed; the operator service checks the operator rule itself (read from the database on each call). */
export const operatorProcedure = authedProcedure.meta({ access: 'operator' });

export { TRPCError };
