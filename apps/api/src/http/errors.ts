import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { API_ERROR_STATUS, type ApiError, type ApiErrorCode, type FieldIssue } from '@wbn/contracts/errors';
import { AppError, type ErrorCode } from '@wbn/core/errors';
import { ZodError } from 'zod';

/** An error as it leaves over HTTP: the status, the contract body, and the headers it implies. */
export interface HttpError {
  status: number;
  body: ApiError;
  retryAfterSeconds?: number;
}

const TO_TRPC: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Errors tRPC raises itself (a malformed batch, an unknown procedure, a wrong method). */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ApiErrorCode>> = {
  BAD_REQUEST: 'VALIDATION',
  PARSE_ERROR: 'VALIDATION',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

/** Errors Fastify and its plugins raise before a procedure runs, by status. */
const FROM_STATUS: Record<number, ApiError> = {
  400: { code: 'VALIDATION', message: 'Malformed request' },
  404: { code: 'NOT_FOUND', message: 'Not found' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  429: { code: 'RATE_LIMITED', message: 'Too many requests; wait before trying again' },
  503: { code: 'UNAVAILABLE', message: 'The service is unavailable; try again shortly' },
};

const INTERNAL: ApiError = { code: 'INTERNAL', message: 'Internal server error' };

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TO_TRPC[error.code], message: error.message, cause: error });
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

const withStatus = (body: ApiError, retryAfterSeconds?: number): HttpError => ({
  status: API_ERROR_STATUS[body.code],
  body,
  ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
});

function fromAppError(error: AppError): HttpError {
  return withStatus(
    {
      code: error.code,
      // A 5xx tells the client what kind of failure (reason), never our internal message.
      message: error.code === 'INTERNAL' ? INTERNAL.message : error.message,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.issues ? { issues: error.issues } : {}),
    },
    error.retryAfterSeconds,
  );
}

function fromTRPCError(error: TRPCError): HttpError {
  const cause = error.cause;
  if (cause instanceof AppError) return fromAppError(cause);
  // Only the input parser's ZodError is the client's fault; an output ZodError is ours (a 500).
  if (cause instanceof ZodError && error.code === 'BAD_REQUEST') {
    const issues = zodIssues(cause);
    return withStatus({
      code: 'VALIDATION',
      message: `Invalid input: ${issues.map((i) => i.path).join(', ')}`,
      issues,
    });
  }
  const code = FROM_TRPC[error.code];
  return withStatus(code ? { code, message: error.message } : INTERNAL);
}

/**
 * The one mapping from anything thrown to what the client receives, for REST, tRPC and the errors
 * Fastify raises itself. A new error code is added to the contracts (code and status) and, when the
 * domain throws it, to TO_TRPC; nothing else decides a status. A 5xx never carries internals.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof AppError) return fromAppError(error);
  if (error instanceof TRPCError) return fromTRPCError(error);
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status < 500) {
    const fastifyCode = (error as { code?: unknown }).code;
    if (status === 400 && typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP')) {
      return withStatus({ code: 'VALIDATION', message: 'Malformed JSON body' });
    }
    return withStatus((FROM_STATUS[status] ?? FROM_STATUS[400]) as ApiError);
  }
  if (status === 503) return withStatus(FROM_STATUS[503] as ApiError);
  return withStatus(INTERNAL);
}

/** tRPC's errorFormatter: the contract body rides in `data.error`; stacks never leave the process. */
export function formatError({
  shape,
  error,
}: {
  shape: { message: string; code: number; data: object };
  error: TRPCError;
}) {
  const body = toHttpError(error).body;
  const { stack: _stack, ...data } = shape.data as { stack?: string };
  return { ...shape, message: body.message, data: { ...data, error: body } };
}
