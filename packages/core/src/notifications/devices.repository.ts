import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.ts';

export type PushPlatform = 'fcm' | 'apns';

/** Phones, tablets, reinstalls: enough for a person; a bound for anyone registering tokens in a loop. */
export const MAX_DEVICES_PER_USER = 10;

/**
 * Push devices. `user_settings.fcm_token/apns_token` (the spec's columns) mirror the most recently
 * seen device of each platform; every change here goes through `syncSettingsTokens` so they stay
 * truthful.
 */
export function createDevicesRepository() {
  /** Recomputes the spec's token columns of these users from their devices. */
  async function syncSettingsTokens(db: DbOrTx, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const latest = (platform: PushPlatform) => sql<string | null>`(
      SELECT d.token FROM devices d
      WHERE d.user_id = user_settings.user_id AND d.platform = ${platform}
      ORDER BY d.last_seen_at DESC, d.id LIMIT 1)`;
    await db
      .updateTable('user_settings')
      .set({ fcm_token: latest('fcm'), apns_token: latest('apns') })
      .where('user_id', 'in', [...new Set(userIds)])
      .execute();
  }

  return {
    syncSettingsTokens,

    /**
     * Registers a token for a user, or moves it to them if another account had it (a phone changes
     * hands or someone logs in to another account): a token belongs to one person at a time.
     */
    async register(
      db: DbOrTx,
      device: { userId: string; platform: PushPlatform; token: string; appVersion: string | null; now: Date },
    ): Promise<void> {
      const previous = await db
        .selectFrom('devices')
        .select('user_id')
        .where('token', '=', device.token)
        .forUpdate()
        .executeTakeFirst();
      await db
        .insertInto('devices')
        .values({
          user_id: device.userId,
          platform: device.platform,
          token: device.token,
          app_version: device.appVersion,
          last_seen_at: device.now,
        })
        .onConflict((oc) =>
          oc.column('token').doUpdateSet({
            user_id: device.userId,
            platform: device.platform,
            app_version: sql`coalesce(excluded.app_version, devices.app_version)`,
            last_seen_at: device.now,
          }),
        )
        .execute();
      // Over the bound, the devices seen longest ago make room.
      await db
        .deleteFrom('devices')
        .where('user_id', '=', device.userId)
        .where(
          'id',
          'not in',
          db
            .selectFrom('devices')
            .select('id')
            .where('user_id', '=', device.userId)
            .orderBy('last_seen_at', 'desc')
            .orderBy('id', 'desc')
            .limit(MAX_DEVICES_PER_USER),
        )
        .execute();
      await syncSettingsTokens(db, [device.userId, ...(previous ? [previous.user_id] : [])]);
    },

    /** Removes one of the user's tokens (scoped to the user: another person's token is untouched). */
    async removeForUser(db: DbOrTx, userId: string, token: string): Promise<void> {
      await db.deleteFrom('devices').where('user_id', '=', userId).where('token', '=', token).execute();
      await syncSettingsTokens(db, [userId]);
    },

    /** Removes tokens the push service reported as unregistered or invalid, whoever holds them. */
    async removeTokens(db: DbOrTx, tokens: string[]): Promise<number> {
      if (tokens.length === 0) return 0;
      const removed = await db
        .deleteFrom('devices')
        .where('token', 'in', tokens)
        .returning('user_id')
        .execute();
      await syncSettingsTokens(
        db,
        removed.map((row) => row.user_id),
      );
      return removed.length;
    },

    listForUser(db: DbOrTx, userId: string) {
      return db
        .selectFrom('devices')
        .select(['id', 'platform', 'token', 'app_version', 'last_seen_at'])
        .where('user_id', '=', userId)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },
  };
}
export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
