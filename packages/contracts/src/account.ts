import { z } from 'zod';
import { ZEmail, ZPassword } from './auth.ts';
import { ZId, ZIsoDateTime, ZLimit, zString } from './common.ts';

/** Password change while signed in: the current password proves it is the person, not a stolen token. */
export const ZChangePasswordInput = z.object({
  current_password: zString().min(1).max(256),
  new_password: ZPassword,
});
export type ChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZSessionInfo = z
  .object({
    id: ZId,
    created_at: ZIsoDateTime,
    last_seen_at: ZIsoDateTime.nullable().describe('Updated at most once a minute'),
    user_agent: z.string().nullable(),
    ip_prefix: z.string().nullable().describe('The /24 (IPv4) or /48 (IPv6) network; never the full address'),
    current: z.boolean().describe('The session this request was made with'),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof ZSessionInfo>;

export const ZLogoutAllInput = z
  .object({ keep_current: z.boolean().default(false).describe('Keep the session making this request') })
  .default({ keep_current: false });
export type LogoutAllInput = z.infer<typeof ZLogoutAllInput>;

export const ZSessionsEnded = z.object({ ended: z.number().int() });
export type SessionsEnded = z.infer<typeof ZSessionsEnded>;

/** What the activity log records. Never content: kinds, counts and data-type names only. */
export const ACTIVITY_KINDS = [
  'sign-in',
  'sign-in-failures',
  'password-changed',
  'password-reset',
  'session-ended',
  'sessions-ended',
  'email-verified',
  'export-requested',
  'export-downloaded',
  'data-deleted',
  'role-granted',
  'role-revoked',
  'moderation-action',
] as const;
export const ZActivityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof ZActivityKind>;

export const ZActivityActor = z.enum(['self', 'operator', 'moderator', 'system']);
export type ActivityActor = z.infer<typeof ZActivityActor>;

export const ZActivityItem = z
  .object({
    id: ZId,
    kind: ZActivityKind,
    actor: ZActivityActor,
    operator: z.string().nullable().describe('Who ran the admin command, for operator actions'),
    session_id: ZId.nullable(),
    details: z.record(z.string(), z.unknown()),
    created_at: ZIsoDateTime,
  })
  .meta({ id: 'ActivityItem' });
export type ActivityItem = z.infer<typeof ZActivityItem>;

export const ZActivityQuery = z.object({
  limit: ZLimit,
  cursor: ZId.optional().describe('id of the last item of the previous page'),
});
export type ActivityQuery = z.infer<typeof ZActivityQuery>;

/** Bumped whenever the export document changes shape; documented in the README ("Your data"). */
export const EXPORT_VERSION = 1;
export const EXPORT_TTL_HOURS = 24;

export const ZExportStatus = z
  .object({
    id: ZId,
    status: z.enum(['queued', 'ready', 'failed', 'expired']),
    requested_at: ZIsoDateTime,
    ready_at: ZIsoDateTime.nullable(),
    expires_at: ZIsoDateTime.nullable(),
    bytes: z.number().int().nullable(),
    export_version: z.literal(EXPORT_VERSION),
  })
  .meta({ id: 'ExportStatus' });
export type ExportStatus = z.infer<typeof ZExportStatus>;

export const ZExportFormatQuery = z.object({
  format: z
    .enum(['json', 'zip'])
    .default('zip')
    .describe('zip: the JSON document plus one CSV per data type'),
});
export type ExportFormatQuery = z.infer<typeof ZExportFormatQuery>;

export const DELETABLE_DATA_TYPES = [
  'journal',
  'checkins',
  'cbt',
  'interactions',
  'notifications',
  'community',
] as const;
export const ZDeletableDataType = z.enum(DELETABLE_DATA_TYPES);
export type DeletableDataType = z.infer<typeof ZDeletableDataType>;

/** In a JSON body the types are an array; in a REST query, `?types=journal,checkins` or repeated keys. */
const commaList = (value: unknown) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

export const ZDataDeletionInput = z.object({
  types: z.preprocess(commaList, z.array(ZDeletableDataType).min(1).max(DELETABLE_DATA_TYPES.length)),
  community: z
    .enum(['delete', 'anonymise'])
    .default('delete')
    .describe('anonymise: posts and replies stay, shown as "former member"'),
});
export type DataDeletionInput = z.infer<typeof ZDataDeletionInput>;

export const ZDeletionCounts = z.record(z.string(), z.number().int());

export const ZDataDeletionResult = z
  .object({ deleted_at: ZIsoDateTime, counts: ZDeletionCounts })
  .meta({ id: 'DataDeletionResult' });
export type DataDeletionResult = z.infer<typeof ZDataDeletionResult>;

/** The account-deletion receipt: the old message plus what went. */
export const ZAccountDeletionReceipt = ZDataDeletionResult.extend({ message: z.string() }).meta({
  id: 'AccountDeletionReceipt',
});
export type AccountDeletionReceipt = z.infer<typeof ZAccountDeletionReceipt>;

export const ZEmailVerificationConfirmInput = z.object({
  email: ZEmail,
  code: zString().regex(/^\d{8}$/, 'must be the 8-digit code from the email'),
});
export type EmailVerificationConfirmInput = z.infer<typeof ZEmailVerificationConfirmInput>;

export const ZEmailStatus = z
  .object({ email: z.string().nullable(), verified: z.boolean() })
  .meta({ id: 'EmailStatus' });
export type EmailStatus = z.infer<typeof ZEmailStatus>;
