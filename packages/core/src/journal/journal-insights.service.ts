import type { JournalInsights } from '@wbn/contracts/journal';
import { type Actor, assertPremium } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { ProgressRepository } from '../progress/progress.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { JournalService } from './journal.service.ts';
import { journalInsights } from './journal-insights.analysis.ts';

interface Deps {
  db: Db;
  clock: Clock;
  journal: Pick<JournalService, 'recentPlaintext'>;
  users: UsersRepository;
  progress: ProgressRepository;
}

/** The bounded window insights look at: recent enough to matter, small enough to decrypt per request. */
export const INSIGHTS_WINDOW_DAYS = 90;
export const INSIGHTS_MAX_ENTRIES = 60;
const RECENT_DAYS = 14;

/**
 * Journal insights, computed on request and never stored: decrypted text and everything derived from
 * it live only in this call's memory and the response. Hence withdrawing consent has nothing to
 * delete — it simply stops the next computation.
 */
export function createJournalInsightsService({ db, clock, journal, users, progress }: Deps) {
  return {
    /** Premium, and only with the person's consent (their settings), checked before any entry is read. */
    async insights(actor: Actor): Promise<JournalInsights> {
      assertPremium(actor);
      const userId = actor.id;
      const settings = await users.findSettings(db, userId);
      if (!settings) throw notFound('User');
      // Consent is checked before any entry is read.
      if (!settings.journal_insights_opt_in) {
        throw new AppError('FORBIDDEN', 'Turn on journal insights in your settings first', {
          reason: 'CONSENT_REQUIRED',
        });
      }
      const now = clock.now();
      const since = new Date(now.getTime() - INSIGHTS_WINDOW_DAYS * 86_400_000);
      const [entries, anxiety] = await Promise.all([
        journal.recentPlaintext(userId, { since, limit: INSIGHTS_MAX_ENTRIES }),
        progress.anxietyByJournalDays(db, { userId, since }),
      ]);
      return { insights: journalInsights({ entries, anxiety, now, recentDays: RECENT_DAYS }) };
    },
  };
}
export type JournalInsightsService = ReturnType<typeof createJournalInsightsService>;
