import { TRPCError } from '@trpc/server';
import { AppError } from '@wbn/core/errors';
import { describeError } from '@wbn/core/logger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError } from './errors.ts';

/** The failure behind the wrappers: tRPC's error around ours, ours around the database's. */
function underlyingFailure(error: unknown): unknown {
  let failure = error;
  while ((failure instanceof TRPCError || failure instanceof AppError) && failure.cause !== undefined) {
    failure = failure.cause;
  }
  return failure;
}

/**
 * The one place a failed request is logged: every answer of 5xx, once, on the request's logger (so
 * with its request id), with the route template and the error's class and code. Never the body or
 * the input; a 4xx is the client's and is not logged.
 */
export function logServerError(request: FastifyRequest, route: string, error: unknown): void {
  if (toHttpError(error).status < 500) return;
  request.log.error({ route, ...describeError(underlyingFailure(error)) }, 'request failed');
}

/** Answers any error in the contract body, with Retry-After where it applies, logging a 5xx. */
export function replyWithError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { status, body, retryAfterSeconds } = toHttpError(error);
  logServerError(request, request.routeOptions.url ?? request.url.split('?')[0] ?? '', error);
  if (retryAfterSeconds) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).send(body);
}

/**
 * Errors Fastify raises before a procedure runs (body too large, malformed JSON, wrong content type,
 * rate limit, unknown route), and the REST procedures' own errors, leave in the one contract body.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => replyWithError(request, reply, error));

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
