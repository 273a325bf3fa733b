import { z } from 'zod';

/**
 * The one error body of the API: the whole body on REST, `error.data.error` on tRPC. `code` is
 * stable and machine-readable, `reason` tells refusals with the same code apart, `message` is for
 * humans, and a 5xx never carries internals.
 */
export const API_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RANGE_NOT_SATISFIABLE',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;
export const ZApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ZApiErrorCode>;

/** The HTTP status each code answers with, on REST (tRPC carries the same code in its envelope). */
export const API_ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ApiErrorCode, number>;

/** Add a reason when a client must tell two refusals with the same code apart. */
export const API_ERROR_REASONS = [
  'INVALID_CREDENTIALS',
  'INVALID_TOKEN',
  'SESSION_REVOKED',
  'ACCOUNT_BANNED',
  'ACCOUNT_SILENCED',
  'PREMIUM_REQUIRED',
  'MODERATOR_REQUIRED',
  'OPERATOR_REQUIRED',
  'CONSENT_REQUIRED',
  'USERNAME_TAKEN',
  'EMAIL_TAKEN',
  'WEAK_PASSWORD',
  'INVALID_RESET_CODE',
  'INVALID_VERIFICATION_CODE',
  'EXPORT_NOT_READY',
  'CANNOT_MODERATE_TARGET',
  'CONTENT_BLOCKED',
  'ENTRY_UNREADABLE',
  'INPUT_TOO_DEEP',
  'INPUT_TOO_LARGE',
  'ALREADY_APPEALED',
  'APPEAL_WINDOW_CLOSED',
  'NOT_APPEALABLE',
] as const;
export const ZApiErrorReason = z.enum(API_ERROR_REASONS);
export type ApiErrorReason = z.infer<typeof ZApiErrorReason>;

export const ZFieldIssue = z.object({
  path: z
    .string()
    .describe('Dotted path of the offending field, e.g. "triggers.0"; "(body)" for the whole input'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof ZFieldIssue>;

export const ZApiError = z
  .object({
    code: ZApiErrorCode,
    message: z.string(),
    reason: ZApiErrorReason.optional(),
    issues: z.array(ZFieldIssue).optional(),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ZApiError>;

/** True for any value shaped like the API's error body (e.g. a parsed REST error response). */
export function isApiError(value: unknown): value is ApiError {
  return ZApiError.safeParse(value).success;
}

/**
 * Structural bounds every input is held to before its schema runs, on every surface: nesting,
 * keys per object, items per array and characters per string. Each exceeds what any operation
 * accepts, so only hostile or broken input meets them.
 */
export const INPUT_LIMITS = {
  maxDepth: 64,
  maxKeys: 256,
  maxItems: 1000,
  maxStringLength: 100_000,
} as const;
