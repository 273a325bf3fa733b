import {
  CRISIS_SUPPORT_MESSAGE,
  type Support,
  type SupportResources,
  type SupportResourcesInput,
} from '@wbn/contracts/safety';
import type { SafetyContent } from '../content/safety-content.ts';
import type { DbOrTx } from '../db/database.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { CrisisDetector } from './crisis-detector.ts';
import { countryForTimeZone } from './zone-country.ts';

interface Deps {
  db: DbOrTx;
  content: () => Promise<SafetyContent>;
  detector: CrisisDetector;
  users: Pick<UsersRepository, 'findById'>;
}

/**
 * Help lines and the offer of help that follows crisis language. Nothing here stores or logs what
 * was detected: the caller decides whether anything is kept (for the forum, a report; for the
 * journal, nothing).
 */
export function createSupportService({ db, content, detector, users }: Deps) {
  async function linesFor(country: string | undefined) {
    const { support } = await content();
    const lines = (country && support.get(country)) || support.get('international');
    if (!lines) throw new Error('the content pack has no international help lines');
    return lines;
  }

  /** The profile's country, else the one its time zone belongs to, else none (international). */
  async function countryOf(userId: string): Promise<string | undefined> {
    const user = await users.findById(db, userId);
    if (!user) return undefined;
    return user.country ?? countryForTimeZone(user.timezone);
  }

  async function offer(userId: string): Promise<Support> {
    const lines = await linesFor(await countryOf(userId));
    return { message: CRISIS_SUPPORT_MESSAGE, country: lines.country, resources: lines.resources };
  }

  return {
    /** Public: the "Get help now" screen. */
    async resources(input: SupportResourcesInput): Promise<SupportResources> {
      const lines = await linesFor(input.country);
      return {
        country: lines.country,
        name: lines.name,
        emergency_number: lines.emergency_number ?? null,
        resources: lines.resources,
      };
    },

    /** Whether any of the texts suggests risk; only ever used to offer help, never to refuse. */
    detect(...texts: string[]): boolean {
      return detector.detect(...texts).hit;
    },

    offer,

    /** The offer of help for what this person just wrote, or undefined when nothing suggests risk. */
    async supportFor(userId: string, ...texts: string[]): Promise<Support | undefined> {
      return detector.detect(...texts).hit ? offer(userId) : undefined;
    },
  };
}
export type SupportService = ReturnType<typeof createSupportService>;

/** Every string in a structured entry (a CBT record's fields), however deep. */
export function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}
