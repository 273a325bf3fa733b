import { initTRPC, TRPCError } from '@trpc/server';
import type { AuthUser } from '@wbn/core/auth/auth.service';
import type { Core } from '@wbn/core/core';
import { AppError } from '@wbn/core/errors';
import type { Logger } from '@wbn/core/logger';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { formatError, toTRPCError } from './http/errors.ts';

/** What every procedure sees. The bearer token is resolved into `user` by the authed procedure only. */
export interface Context {
  core: Core;
  logger: Logger;
  bearerToken: string | undefined;
  ip: string;
  /** Stored with a new session (truncated) and shown in the person's session list. */
  userAgent?: string | undefined;
}

/** `successStatus` lets a REST create answer 201; tRPC itself always answers 200. */
export type Meta = OpenApiMeta<{ successStatus?: 200 | 201 }>;

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become tRPC errors here, once, for every procedure. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * Runs before input parsing, so a missing or bad token is a 401 even when the body is also wrong.
 * Every request checks the session in the database: logout, bans and deletion apply at once.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.bearerToken) {
    throw toTRPCError(new AppError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <token>'));
  }
  const user: AuthUser = await ctx.core.auth.authenticate(ctx.bearerToken).catch((error: unknown) => {
    throw error instanceof AppError ? toTRPCError(error) : error;
  });
  return next({ ctx: { ...ctx, user } });
});

/**
 * Like authedProcedure but lets a banned user through: for reading their moderation notices and for
 * their data rights (export, erasure, activity log), which the services grant regardless of a ban.
 */
export const authedEvenIfBannedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.bearerToken) {
    throw toTRPCError(new AppError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <token>'));
  }
  const user: AuthUser = await ctx.core.auth
    .authenticate(ctx.bearerToken, { allowBanned: true })
    .catch((error: unknown) => {
      throw error instanceof AppError ? toTRPCError(error) : error;
    });
  return next({ ctx: { ...ctx, user } });
});

export const premiumProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isPremium) {
    throw toTRPCError(
      new AppError('FORBIDDEN', 'This feature is part of Premium', { reason: 'PREMIUM_REQUIRED' }),
    );
  }
  return next();
});

export const moderatorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isModerator) {
    throw toTRPCError(new AppError('FORBIDDEN', 'Moderators only', { reason: 'MODERATOR_REQUIRED' }));
  }
  return next();
});

export { TRPCError };
