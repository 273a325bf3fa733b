import type { FastifyInstance } from 'fastify';
import { toHttpError } from './errors.ts';

/**
 * Errors Fastify raises before a procedure runs (body too large, malformed JSON, wrong content type,
 * rate limit, unknown route) leave in the same contract body as the procedures' own errors.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body, retryAfterSeconds } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (retryAfterSeconds) reply.header('retry-after', String(retryAfterSeconds));
    return reply.code(status).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
