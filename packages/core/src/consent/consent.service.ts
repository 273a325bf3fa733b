import {
  CONSENT_PURPOSES,
  type ConsentPolicy,
  type ConsentPurpose,
  type ConsentSource,
  type ConsentState,
  type Consents,
  type ConsentUpdateInput,
} from '@wbn/contracts/consent';
import { type Actor, assertNotBanned } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { currentPolicy, type SafetyContent } from '../content/safety-content.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { ConsentRepository } from './consent.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  consents: ConsentRepository;
  users: Pick<UsersRepository, 'updateSettings' | 'lockForUpdate'>;
  content: () => Promise<SafetyContent>;
}

type LatestEvent = Awaited<ReturnType<ConsentRepository['latest']>>;

/** The spec's user_settings switches that mirror a purpose, so clients that only know them see the ledger. */
const MIRRORS: Partial<Record<ConsentPurpose, 'journal_insights_opt_in' | 'notifications_enabled'>> = {
  journal_insights: 'journal_insights_opt_in',
  push_notifications: 'notifications_enabled',
};

const REFUSALS: Record<ConsentPurpose, string> = {
  journal_insights: 'Turn on journal insights in your settings first',
  push_notifications: 'Turn on notifications first',
  community_guidelines:
    'Please read and accept the community guidelines before your first post (PUT /api/user/consents/community_guidelines)',
  email_alerts: 'Turn on email alerts first',
};

/**
 * The consent ledger's rules. Every optional processing asks `require`/`minimumVersion` in the
 * service that does it; grants and withdrawals go through `record`, which also keeps the spec's
 * user_settings switches in step in the same transaction.
 */
export function createConsentService({ db, clock, consents, users, content }: Deps) {
  async function policyOf(purpose: ConsentPurpose) {
    return currentPolicy(await content(), purpose);
  }

  /** A grant counts when it is the latest event and, for purposes that ask again, for the current text. */
  async function stateOf(purpose: ConsentPurpose, latest: LatestEvent): Promise<ConsentState> {
    const policy = await policyOf(purpose);
    const fresh = !policy.reconsent_on_new_version || latest?.policy_version === policy.version;
    return {
      purpose,
      granted: Boolean(latest?.granted && fresh),
      policy_version: latest?.policy_version ?? null,
      current_policy_version: policy.version,
      needs_reconsent: Boolean(latest?.granted && !fresh),
      updated_at: latest ? latest.at.toISOString() : null,
    };
  }

  async function isGranted(tx: DbOrTx, userId: string, purpose: ConsentPurpose): Promise<boolean> {
    return (await stateOf(purpose, await consents.latest(tx, userId, purpose))).granted;
  }

  /**
   * Writes a grant or withdrawal for the current policy version, unless it would change nothing
   * (the same answer to the same text): repeating a switch does not grow the ledger. Run it inside a
   * transaction (it locks the person's row).
   */
  async function record(
    tx: DbOrTx,
    userId: string,
    change: { purpose: ConsentPurpose; granted: boolean; source: ConsentSource },
  ): Promise<void> {
    const policy = await policyOf(change.purpose);
    // One writer per person at a time: the ledger's order and the mirror's last write then agree.
    await users.lockForUpdate(tx, userId);
    const latest = await consents.latest(tx, userId, change.purpose);
    const unchanged = latest?.granted === change.granted && latest.policy_version === policy.version;
    if (unchanged || (!latest && !change.granted)) return;
    await consents.insert(tx, {
      user_id: userId,
      purpose: change.purpose,
      policy_version: policy.version,
      granted: change.granted,
      source: change.source,
      at: clock.now(),
    });
    const mirror = MIRRORS[change.purpose];
    if (mirror) await users.updateSettings(tx, userId, { [mirror]: change.granted });
  }

  return {
    record,
    isGranted,

    /** Refuses with 403 CONSENT_REQUIRED unless the person's consent for `purpose` is in force. */
    async require(tx: DbOrTx, userId: string, purpose: ConsentPurpose): Promise<void> {
      if (!(await isGranted(tx, userId, purpose))) {
        throw new AppError('FORBIDDEN', REFUSALS[purpose], { reason: 'CONSENT_REQUIRED' });
      }
    },

    /** The oldest policy version a grant may name and still count (for checks done in bulk SQL). */
    async minimumVersion(purpose: ConsentPurpose): Promise<number> {
      const policy = await policyOf(purpose);
      return policy.reconsent_on_new_version ? policy.version : 1;
    },

    async policies(): Promise<ConsentPolicy[]> {
      return Promise.all(CONSENT_PURPOSES.map(policyOf));
    },

    async list(actor: Actor): Promise<Consents> {
      const [latest, history] = await Promise.all([
        consents.latestPerPurpose(db, actor.id),
        consents.history(db, actor.id),
      ]);
      return {
        consents: await Promise.all(
          CONSENT_PURPOSES.map((purpose) =>
            stateOf(
              purpose,
              latest.find((row) => row.purpose === purpose),
            ),
          ),
        ),
        history: history.map((row) => ({ ...row, at: row.at.toISOString() })),
      };
    },

    /** The effective state of the mirrored switches, for GET /api/user/settings. */
    async switches(
      userId: string,
    ): Promise<{ journal_insights_opt_in: boolean; notifications_enabled: boolean }> {
      const [insights, push] = await Promise.all([
        isGranted(db, userId, 'journal_insights'),
        isGranted(db, userId, 'push_notifications'),
      ]);
      return { journal_insights_opt_in: insights, notifications_enabled: push };
    },

    /**
     * A grant must name the text the person saw: the current version. Banned people may still
     * withdraw (their data, their choice) but not grant.
     */
    async update(actor: Actor, input: ConsentUpdateInput): Promise<ConsentState> {
      const policy = await policyOf(input.purpose);
      if (input.policy_version !== policy.version) {
        throw new AppError(
          'CONFLICT',
          `policy_version ${input.policy_version} is not the current version of the ${input.purpose} policy (${policy.version}); show the person the current text and ask again`,
        );
      }
      if (input.granted) assertNotBanned(actor);
      return db.transaction().execute(async (tx) => {
        await record(tx, actor.id, { purpose: input.purpose, granted: input.granted, source: input.source });
        return stateOf(input.purpose, await consents.latest(tx, actor.id, input.purpose));
      });
    },
  };
}
export type ConsentService = ReturnType<typeof createConsentService>;
