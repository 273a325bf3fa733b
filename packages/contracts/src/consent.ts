import { z } from 'zod';
import { ZIsoDateTime } from './common.ts';

/** What a person can consent to. Each purpose has a versioned policy text in the content pack (content/policies/). */
export const CONSENT_PURPOSES = [
  'journal_insights',
  'push_notifications',
  'community_guidelines',
  'email_alerts',
] as const;
export const ZConsentPurpose = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof ZConsentPurpose>;

/** Where a grant or withdrawal came from: the app's own screens, a direct API client, or an operator. */
export const ZConsentSource = z.enum(['app', 'api', 'operator']);
export type ConsentSource = z.infer<typeof ZConsentSource>;

export const ZPolicyVersion = z.number().int().min(1).max(10_000);

/** One policy file of the content pack: every version of one purpose's text, oldest first. */
export const ZConsentPolicyFile = z
  .object({
    purpose: ZConsentPurpose,
    /** A new version makes earlier grants lapse: the person is asked again. */
    reconsent_on_new_version: z.boolean(),
    versions: z
      .array(
        z
          .object({
            version: ZPolicyVersion,
            effective: z.iso.date(),
            title: z.string().trim().min(1).max(120),
            text: z.string().trim().min(1).max(5000),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ConsentPolicyFile = z.infer<typeof ZConsentPolicyFile>;

export const ZConsentPolicy = z
  .object({
    purpose: ZConsentPurpose,
    version: ZPolicyVersion,
    effective: z.iso.date(),
    title: z.string(),
    text: z.string(),
    reconsent_on_new_version: z.boolean(),
  })
  .meta({ id: 'ConsentPolicy' });
export type ConsentPolicy = z.infer<typeof ZConsentPolicy>;

export const ZConsentEvent = z
  .object({
    purpose: ZConsentPurpose,
    policy_version: ZPolicyVersion,
    granted: z.boolean(),
    at: ZIsoDateTime,
    source: ZConsentSource,
  })
  .meta({ id: 'ConsentEvent' });
export type ConsentEvent = z.infer<typeof ZConsentEvent>;

export const ZConsentState = z
  .object({
    purpose: ZConsentPurpose,
    granted: z.boolean().describe('Whether this processing may happen now'),
    policy_version: ZPolicyVersion.nullable().describe('The version of the latest grant or withdrawal'),
    current_policy_version: ZPolicyVersion,
    needs_reconsent: z
      .boolean()
      .describe('A grant exists but for an older policy version that asks for consent again'),
    updated_at: ZIsoDateTime.nullable(),
  })
  .meta({ id: 'ConsentState' });
export type ConsentState = z.infer<typeof ZConsentState>;

export const ZConsents = z
  .object({
    consents: z.array(ZConsentState),
    history: z.array(ZConsentEvent).describe('Every grant and withdrawal, newest first'),
  })
  .meta({ id: 'Consents' });
export type Consents = z.infer<typeof ZConsents>;

export const ZConsentUpdateInput = z.object({
  purpose: ZConsentPurpose,
  granted: z.boolean(),
  policy_version: ZPolicyVersion.describe('Must be the current version (GET /api/consents/policies)'),
  source: z
    .enum(['app', 'api'])
    .default('api')
    .describe('"app" when the person used the app\'s own consent screen'),
});
export type ConsentUpdateInput = z.infer<typeof ZConsentUpdateInput>;
