import type { User } from '@wbn/contracts/auth';
import type { Message } from '@wbn/contracts/common';
import type {
  NotificationSettings,
  NotificationSettingsInput,
  ProfileUpdateInput,
  PushPlatform,
  Settings,
  SettingsUpdateInput,
} from '@wbn/contracts/users';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Clock } from '../clock.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { notFound, validation } from '../errors.ts';
import type { DevicesRepository } from '../notifications/devices.repository.ts';
import { toUserConflict } from './users.errors.ts';
import { toSettings, toUser } from './users.mapper.ts';
import type { UsersRepository } from './users.repository.ts';

export type UserRole = 'premium' | 'moderator' | 'operator';

export const ACCOUNT_DELETED_MESSAGE = 'Account and all associated data deleted.';

interface Deps {
  db: Db;
  clock: Clock;
  users: UsersRepository;
  devices: DevicesRepository;
  /** The spec's two switches are consents: they are written to, and read from, the ledger. */
  consent: Pick<ConsentService, 'record' | 'switches'>;
  sessionCache?: SessionCache;
  activity?: ActivityRecorder;
  /** Mails a code to a new or changed address (see auth/email-verification.service.ts). */
  emailVerification?: { enqueue(userId: string, tx: DbOrTx): Promise<void> };
}

export function createUsersService(deps: Deps) {
  const { db, clock, users, devices, consent, sessionCache } = deps;
  async function requireUser(userId: string) {
    const row = await users.findById(db, userId);
    if (!row) throw notFound('User');
    return row;
  }

  return {
    /**
     * Operators grant or revoke premium and moderator roles (CLI or console); the operator role itself
     * only from the CLI. The change applies on the user's next request and appears in the person's
     * activity log with the operator who made it.
     */
    async setRole(
      username: string,
      role: UserRole,
      value: boolean,
      operator = 'unknown operator',
    ): Promise<User> {
      const user = await users.findByUsername(db, username);
      if (!user) throw notFound(`User "${username}"`);
      const flag = { [`is_${role}` as const]: value };
      const row = await db.transaction().execute(async (tx) => {
        const updated = await users.update(tx, user.id, flag, clock.now());
        if (updated) {
          await deps.activity?.record(tx, {
            userId: user.id,
            kind: value ? 'role-granted' : 'role-revoked',
            actor: 'operator',
            operator,
            details: { role },
          });
        }
        return updated;
      });
      if (!row) throw notFound(`User "${username}"`);
      sessionCache?.forgetUser(row.id);
      return toUser(row);
    },

    async getProfile(userId: string): Promise<User> {
      return toUser(await requireUser(userId));
    },

    async updateProfile(userId: string, input: ProfileUpdateInput): Promise<User> {
      const changes: {
        email?: string | null;
        demographics?: string | null;
        country?: string | null;
        email_verified_at?: null;
      } = {};
      const current = input.email !== undefined ? await requireUser(userId) : undefined;
      const emailChanged =
        current !== undefined && current.email?.toLowerCase() !== input.email?.toLowerCase();
      if (input.email !== undefined) changes.email = input.email;
      if (input.country !== undefined) changes.country = input.country;
      // A new address is unconfirmed until its code comes back (nothing else is mailed to it before).
      if (emailChanged) changes.email_verified_at = null;
      if (input.demographics !== undefined) {
        changes.demographics = input.demographics === null ? null : JSON.stringify(input.demographics);
      }
      try {
        const row = await db.transaction().execute(async (tx) => {
          const updated = await users.update(tx, userId, changes, clock.now());
          if (updated?.email && emailChanged) await deps.emailVerification?.enqueue(userId, tx);
          return updated;
        });
        if (!row) throw notFound('User');
        return toUser(row);
      } catch (error) {
        throw toUserConflict(error);
      }
    },

    /**
     * Deletes the account and, through ON DELETE CASCADE, every row of the person's data in one
     * statement (hence one transaction): it all goes, or on any failure nothing does. Sessions go with
     * it, so the access token stops working on the next request.
     */
    async deleteAccount(userId: string): Promise<Message> {
      const deleted = await db.transaction().execute((tx) => users.delete(tx, userId));
      if (!deleted) throw notFound('User');
      sessionCache?.forgetUser(userId);
      return { message: ACCOUNT_DELETED_MESSAGE };
    },

    async getSettings(userId: string): Promise<Settings> {
      const row = await users.findSettings(db, userId);
      if (!row) throw notFound('User');
      return toSettings({ ...row, ...(await consent.switches(userId)) });
    },

    async updateSettings(userId: string, input: SettingsUpdateInput): Promise<Settings> {
      if (input.timezone !== undefined && !(await users.isKnownTimeZone(db, input.timezone))) {
        throw validation('timezone', 'must be an IANA time zone such as "Europe/Berlin"');
      }
      await db.transaction().execute(async (tx) => {
        const { timezone, reminder_time, journal_insights_opt_in, notifications_enabled } = input;
        if (timezone !== undefined) await users.update(tx, userId, { timezone }, clock.now());
        if (journal_insights_opt_in !== undefined) {
          await consent.record(tx, userId, {
            purpose: 'journal_insights',
            granted: journal_insights_opt_in,
            source: 'app',
          });
        }
        if (notifications_enabled !== undefined) {
          await consent.record(tx, userId, {
            purpose: 'push_notifications',
            granted: notifications_enabled,
            source: 'app',
          });
        }
        const changes = {
          ...(reminder_time !== undefined
            ? { reminder_time: reminder_time === null ? null : `${reminder_time}:00` }
            : {}),
        };
        if (Object.keys(changes).length > 0) await users.updateSettings(tx, userId, changes);
      });
      return this.getSettings(userId);
    },

    /**
     * Turns notifications on or off and registers (or, when turning off, deregisters) a push token.
     * The token lives in `devices` (several per person; registering a token another account held
     * moves it here); the spec's fcm_token/apns_token columns are kept in step from there.
     */
    async updateNotificationSettings(
      userId: string,
      input: NotificationSettingsInput,
    ): Promise<NotificationSettings> {
      await db.transaction().execute(async (tx) => {
        await consent.record(tx, userId, {
          purpose: 'push_notifications',
          granted: input.is_enabled,
          source: 'app',
        });
        if (!input.token) return;
        if (!input.is_enabled) return devices.removeForUser(tx, userId, input.token);
        await devices.register(tx, {
          userId,
          platform: input.platform ?? inferPushPlatform(input.token),
          token: input.token,
          appVersion: input.app_version ?? null,
          now: clock.now(),
        });
      });
      return { is_enabled: input.is_enabled };
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;

/** APNs device tokens are 32 bytes shown as 64 hex digits; FCM registration tokens never look like that. */
export function inferPushPlatform(token: string): PushPlatform {
  return /^[0-9a-f]{64}$/i.test(token) ? 'apns' : 'fcm';
}
