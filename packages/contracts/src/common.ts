import { z } from 'zod';

/** Building blocks every domain's contract shares, so one rule reads the same everywhere. */

export const ZId = z.uuid();

export const ZIdParam = z.object({ id: ZId });

/** ISO 8601 with an explicit offset ("Z" or "+02:00"), as the spec asks for on the wire. */
export const ZIsoDateTime = z.iso.datetime({ offset: true });

export const ZMessage = z.object({ message: z.string() });
export type Message = z.infer<typeof ZMessage>;

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;
export const ZLimit = z.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT);

/**
 * IANA zone names the runtime knows (e.g. "Europe/Berlin", "Asia/Kolkata"), plus "UTC". The server
 * also checks the name against PostgreSQL's zone list, which buckets analytics and schedules
 * notifications in it (a few legacy aliases exist in one and not the other).
 */
export const ZTimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone.length > 0;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Europe/Berlin"');

const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain NUL characters';

/** True when a string anywhere in a JSON-like value (keys included) holds a NUL character. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => key.includes(NUL) || containsNul(inner));
  }
  return false;
}

/**
 * Every string a client sends starts here: PostgreSQL stores no NUL in text or jsonb, and no field
 * has a use for one, so both surfaces (REST and tRPC) refuse it with a 400 through the schema.
 */
export const zString = () => z.string().refine((value) => !value.includes(NUL), NUL_MESSAGE);

/** The same rule for free-form JSON kept as jsonb, at any depth (the edge bounds that depth). */
export const withoutNul = <T extends z.ZodType>(schema: T) =>
  schema.refine((value) => !containsNul(value), NUL_MESSAGE);

/** Trimmed, non-empty, bounded user text. */
export const zText = (max: number) => zString().trim().min(1).max(max);
