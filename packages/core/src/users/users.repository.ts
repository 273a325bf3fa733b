import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';
import type { NewUser } from '../db/schema.ts';

/** Queries on `users` and `user_settings`. No rules here: the services decide. */
export function createUsersRepository() {
  return {
    async create(db: DbOrTx, user: NewUser) {
      const row = await db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
      await db.insertInto('user_settings').values({ user_id: row.id }).execute();
      return row;
    },

    findById(db: DbOrTx, id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async isKnownTimeZone(db: DbOrTx, zone: string): Promise<boolean> {
      const row = await db
        .selectFrom(sql<{ name: string }>`pg_timezone_names`.as('z'))
        .select('z.name')
        .where('z.name', '=', zone)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Serialises writers that must see each other's effect on one user (inside a transaction). */
    async lockForUpdate(db: DbOrTx, id: string): Promise<void> {
      await db.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
    },

    findByUsername(db: DbOrTx, username: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst();
    },

    findByEmail(db: DbOrTx, email: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
    },

    update(
      db: DbOrTx,
      id: string,
      changes: {
        email?: string | null;
        demographics?: string | null;
        country?: string | null;
        password_hash?: string;
        timezone?: string;
        is_premium?: boolean;
        is_moderator?: boolean;
        is_operator?: boolean;
        is_banned?: boolean;
        email_verified_at?: Date | null;
      },
      now: Date,
    ) {
      return db
        .updateTable('users')
        .set({ ...changes, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    /** Every per-user table cascades from users: this one statement removes all of a person's data. */
    async delete(db: DbOrTx, id: string): Promise<boolean> {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    findSettings(db: DbOrTx, userId: string) {
      return db
        .selectFrom('user_settings')
        .innerJoin('users', 'users.id', 'user_settings.user_id')
        .select([
          'user_settings.notifications_enabled',
          'user_settings.journal_insights_opt_in',
          'user_settings.fcm_token',
          'user_settings.apns_token',
          sql<string | null>`to_char(user_settings.reminder_time, 'HH24:MI')`.as('reminder_time'),
          'users.timezone',
        ])
        .where('user_settings.user_id', '=', userId)
        .executeTakeFirst();
    },

    updateSettings(
      db: DbOrTx,
      userId: string,
      changes: {
        notifications_enabled?: boolean;
        journal_insights_opt_in?: boolean;
        fcm_token?: string | null;
        apns_token?: string | null;
        reminder_time?: string | null;
      },
    ) {
      return db.updateTable('user_settings').set(changes).where('user_id', '=', userId).execute();
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
