import type { AppError } from '@wbn/core/errors';
import type { FastifyReply } from 'fastify';
import { toHttpError } from '../http/errors.ts';

/**
 * For the few routes that are not procedures (audio, export download): a domain error leaves through
 * the one mapping the procedures use, so statuses and bodies are decided once.
 */
export function sendAppError(reply: FastifyReply, error: AppError) {
  const { status, body } = toHttpError(error);
  return reply.code(status).send(body);
}
