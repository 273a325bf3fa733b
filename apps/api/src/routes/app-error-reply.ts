import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { AppError } from '@wbn/core/errors';
import type { FastifyReply } from 'fastify';
import { toApiErrorBody, toTRPCError } from '../http/errors.ts';

/**
 * For the few non-procedure routes: maps a domain error through the same table the procedures use,
 * so statuses and bodies are decided once.
 */
export function sendAppError(reply: FastifyReply, error: AppError) {
  const trpcError = toTRPCError(error);
  return reply.code(getHTTPStatusCodeFromError(trpcError)).send(toApiErrorBody(trpcError));
}
