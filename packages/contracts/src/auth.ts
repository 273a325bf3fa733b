import { z } from 'zod';
import { ZId, ZIsoDateTime, zString, zText } from './common.ts';

export const ZUsername = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain letters, digits, "_", "." and "-" only');

/** Length only; the service also refuses the most common passwords. */
export const ZPassword = zString().min(8).max(256);

export const ZEmail = z.email().max(254);

/** Optional, user-supplied, flat: a few scalar answers (age range, country, …), never nested blobs. */
export const ZDemographics = z
  .record(zString().min(1).max(64), z.union([zString().max(200), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 20, 'at most 20 fields');

export const ZSignupInput = z.object({
  username: ZUsername,
  password: ZPassword,
  email: ZEmail.optional(),
  demographics: ZDemographics.optional(),
});
export type SignupInput = z.infer<typeof ZSignupInput>;

export const ZLoginInput = z.object({
  username: zText(64),
  password: zString().min(1).max(256),
});
export type LoginInput = z.infer<typeof ZLoginInput>;

export const ZUser = z
  .object({
    id: ZId,
    username: z.string(),
    email: z.string().nullable(),
    demographics: z.record(z.string(), z.unknown()).nullable(),
    is_premium: z.boolean(),
    is_moderator: z.boolean(),
    pseudonym: z.string().describe('The community name shown on posts instead of the username'),
    timezone: z.string(),
    created_at: ZIsoDateTime,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof ZUser>;

export const ZAuthResult = z
  .object({
    token: z.string().describe('Access token (JWT) for the Authorization: Bearer header'),
    refresh_token: z.string().describe('Opaque, single use: exchange it at /api/auth/refresh'),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().describe('Seconds until the access token expires'),
    user: ZUser,
  })
  .meta({ id: 'AuthResult' });
export type AuthResult = z.infer<typeof ZAuthResult>;

export const ZRefreshInput = z.object({ refresh_token: zString().min(1).max(512) });
export type RefreshInput = z.infer<typeof ZRefreshInput>;

export const ZResetRequestInput = z.object({ email: ZEmail });
export type ResetRequestInput = z.infer<typeof ZResetRequestInput>;

export const ZResetConfirmInput = z.object({
  email: ZEmail,
  code: z.string().regex(/^\d{8}$/, 'must be the 8-digit code from the email'),
  new_password: ZPassword,
});
export type ResetConfirmInput = z.infer<typeof ZResetConfirmInput>;
