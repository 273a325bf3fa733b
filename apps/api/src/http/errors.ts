import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '@wbn/core/db/database-outage';
import { AppError, type ErrorCode, type ErrorReason, type FieldIssue, unavailable } from '@wbn/core/errors';
import { ZodError } from 'zod';

/**
 * The one error body of the API, on REST as the whole body and on tRPC as `error.data.error`:
 *   { code, message, reason?, issues? }
 * `code` is stable and machine-readable; `message` is for humans; 5xx never carries internals.
 */
export interface ApiErrorBody {
  code: ErrorCode | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'RANGE_NOT_SATISFIABLE';
  message: string;
  reason?: ErrorReason;
  issues?: FieldIssue[];
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

const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ApiErrorBody['code']>> = {
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

/**
 * The domain error a failure stands for: an AppError as thrown, a database outage as UNAVAILABLE
 * (503 + Retry-After: the client may simply retry), anything else none (a 500: our bug).
 */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return unavailable(DATABASE_RETRY_AFTER_SECONDS, error);
  return undefined;
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TO_TRPC[error.code], message: error.message, cause: error });
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

export function toApiErrorBody(error: TRPCError): ApiErrorBody {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return {
      code: cause.code,
      message: cause.code === 'INTERNAL' ? 'Internal server error' : cause.message,
      ...(cause.reason ? { reason: cause.reason } : {}),
      ...(cause.issues ? { issues: cause.issues } : {}),
    };
  }
  // Only the input parser's ZodError is the client's fault; an output ZodError is ours (a 500).
  if (cause instanceof ZodError && error.code === 'BAD_REQUEST') {
    const issues = zodIssues(cause);
    return { code: 'VALIDATION', message: `Invalid input: ${issues.map((i) => i.path).join(', ')}`, issues };
  }
  const code = FROM_TRPC[error.code];
  if (!code) return { code: 'INTERNAL', message: 'Internal server error' };
  return { code, message: error.message };
}

/** tRPC's errorFormatter: the canonical body rides in `data.error`; stacks never leave the process. */
export function formatError({
  shape,
  error,
}: {
  shape: { message: string; code: number; data: object };
  error: TRPCError;
}) {
  const body = toApiErrorBody(error);
  const { stack: _stack, ...data } = shape.data as { stack?: string };
  return { ...shape, message: body.message, data: { ...data, error: body } };
}
