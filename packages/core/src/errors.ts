import type { ApiErrorCode, ApiErrorReason, FieldIssue } from '@wbn/contracts/errors';

export type { FieldIssue };

/**
 * The codes the domain throws: the API's error codes (packages/contracts/src/errors.ts) minus the
 * ones only the HTTP edge can produce (wrong media type or method, unsatisfiable range).
 */
export type ErrorCode = Exclude<
  ApiErrorCode,
  'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'RANGE_NOT_SATISFIABLE'
>;

/** Finer, stable reasons a client may branch on; the list lives with the error body in the contracts. */
export type ErrorReason = ApiErrorReason;

/**
 * The one error type the domain throws. The API maps it once to an HTTP status (REST) and a tRPC
 * code; nothing else in the code base decides a status code.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly reason: ErrorReason | undefined;
  readonly issues: FieldIssue[] | undefined;
  /** Seconds a client should wait before retrying (RATE_LIMITED). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      reason?: ErrorReason;
      issues?: FieldIssue[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.reason = options.reason;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string, reason?: ErrorReason) =>
  new AppError('FORBIDDEN', message, reason ? { reason } : {});
export const validation = (path: string, message: string) =>
  new AppError('VALIDATION', `${path}: ${message}`, { issues: [{ path, message }] });
