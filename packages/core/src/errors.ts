/**
 * The one error type the domain throws. The API maps it once to tRPC codes (and through them to
 * HTTP statuses); nothing else in the code base decides a status code.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Finer, stable machine-readable reasons a client may branch on (shown as `reason` in the body).
 * Add one when a client needs to tell two refusals with the same code apart.
 */
export type ErrorReason =
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'SESSION_REVOKED'
  | 'ACCOUNT_BANNED'
  | 'ACCOUNT_SILENCED'
  | 'PREMIUM_REQUIRED'
  | 'MODERATOR_REQUIRED'
  | 'CONSENT_REQUIRED'
  | 'USERNAME_TAKEN'
  | 'EMAIL_TAKEN'
  | 'WEAK_PASSWORD'
  | 'INVALID_RESET_CODE'
  | 'INVALID_VERIFICATION_CODE'
  | 'EXPORT_NOT_READY'
  | 'CANNOT_MODERATE_TARGET'
  | 'CONTENT_BLOCKED'
  | 'ENTRY_UNREADABLE';

export interface FieldIssue {
  path: string;
  message: string;
}

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
