import { DATABASE_RETRY_AFTER_SECONDS } from '@wbn/core/db/database-outage';
import { describeError } from '@wbn/core/logger';
import type { FastifyError, FastifyInstance } from 'fastify';
import { type ApiErrorBody, asAppError } from './errors.ts';

/**
 * Errors Fastify raises before a procedure runs (body too large, malformed JSON, wrong content type,
 * rate limit, unknown route) leave in the same body shape as the procedures' own errors.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const outage = asAppError(error)?.code === 'UNAVAILABLE';
    const status = outage ? 503 : (error.statusCode ?? 500);
    if (status >= 500)
      request.log.error({ route: request.routeOptions.url, ...describeError(error) }, 'request failed');
    if (outage) {
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send({ code: 'UNAVAILABLE', message: 'The service is briefly unavailable; try again shortly' });
    }
    return reply.code(status).send(toBody(error, status));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}

function toBody(error: FastifyError, status: number): ApiErrorBody {
  switch (status) {
    case 400:
      return {
        code: 'VALIDATION',
        message: error.code?.startsWith('FST_ERR_CTP') ? 'Malformed JSON body' : error.message,
      };
    case 413:
      return { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' };
    case 415:
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' };
    case 429:
      return { code: 'RATE_LIMITED', message: 'Too many requests; wait before trying again' };
    default:
      return status < 500
        ? { code: status === 404 ? 'NOT_FOUND' : 'VALIDATION', message: error.message }
        : { code: 'INTERNAL', message: 'Internal server error' };
  }
}
