import { z } from 'zod';
import { zString } from './common.ts';

/** ISO 3166-1 alpha-2, upper case ("GB", not "UK"). */
export const ZCountry = zString()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as "GB"')
  .transform((code) => code.toUpperCase());

export const ZSupportResource = z
  .object({
    name: z.string().trim().min(1).max(120),
    phone: z.string().trim().min(1).max(40).optional(),
    text: z.string().trim().min(1).max(80).optional().describe('How to reach them by text message'),
    url: z.url(),
    hours: z.string().trim().min(1).max(80),
  })
  .strict()
  .meta({ id: 'SupportResource' });
export type SupportResource = z.infer<typeof ZSupportResource>;

/** One file of content/support/: the help lines of one country, or "international". */
export const ZSupportFile = z
  .object({
    country: z.union([z.string().regex(/^[A-Z]{2}$/), z.literal('international')]),
    name: z.string().trim().min(1).max(80),
    emergency_number: z.string().trim().min(1).max(10).optional(),
    resources: z.array(ZSupportResource).min(1),
  })
  .strict();
export type SupportFile = z.infer<typeof ZSupportFile>;

/** Added to a response when what the person wrote suggests risk: nothing was blocked, this is an offer. */
export const ZSupport = z
  .object({
    message: z.string(),
    country: z.string().describe('Whose help lines these are: a country code or "international"'),
    resources: z.array(ZSupportResource),
  })
  .meta({ id: 'Support' });
export type Support = z.infer<typeof ZSupport>;

export const ZSupportResourcesInput = z.object({ country: ZCountry.optional() }).default({});
export type SupportResourcesInput = z.infer<typeof ZSupportResourcesInput>;

export const ZSupportResources = z
  .object({
    country: z.string(),
    name: z.string(),
    emergency_number: z.string().nullable(),
    resources: z.array(ZSupportResource),
  })
  .meta({ id: 'SupportResources' });
export type SupportResources = z.infer<typeof ZSupportResources>;

export const CRISIS_SUPPORT_MESSAGE =
  'It sounds like you might be going through something really painful. You do not have to face it alone: ' +
  'the people below are there to listen, any time. If you are in immediate danger, call your local emergency number.';

/** The reason of the system report a forum post or reply with crisis language raises. */
export const CRISIS_REPORT_REASON = 'crisis-language';
