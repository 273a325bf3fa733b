import { type Kysely, sql } from 'kysely';

/**
 * Push notifications: several devices per person, an optional daily check-in reminder time, the
 * tip-of-the-day schedule, the fan-out slices already started, and a send log that makes every
 * push idempotent (unique per notification and device).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A token belongs to one person at a time: registering it again under another account moves it.
    CREATE TABLE devices (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      platform      text NOT NULL CHECK (platform IN ('fcm', 'apns')),
      token         text NOT NULL UNIQUE,
      app_version   text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX devices_user_id_idx ON devices (user_id, platform, last_seen_at DESC);

    -- Local wall-clock time in the user's own time zone (users.timezone); NULL = no reminder.
    ALTER TABLE user_settings ADD COLUMN reminder_time time
      CHECK (reminder_time IS NULL OR (extract(minute FROM reminder_time)::int % 15 = 0
                                       AND extract(second FROM reminder_time) = 0));

    -- The fan-out pages through one zone's users by id.
    CREATE INDEX users_timezone_id_idx ON users (timezone, id);
    CREATE INDEX user_settings_reminder_time_idx ON user_settings (reminder_time) WHERE reminder_time IS NOT NULL;

    -- One tip per local date for everyone, chosen once (least recently used), so a date always
    -- shows the same tip and none repeats while the pack has unused ones (>= 30 tips: 30 days).
    CREATE TABLE daily_tip_schedule (
      local_date       date PRIMARY KEY,
      content_item_id  uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
      created_at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX daily_tip_schedule_content_item_id_idx ON daily_tip_schedule (content_item_id, local_date DESC);

    -- A (kind, zone, local date) slice is fanned out once: a repeated or late scheduler tick, or
    -- the wall clock passing the same hour twice on a DST change day, finds the row and does nothing.
    CREATE TABLE notification_slices (
      kind        text NOT NULL,
      timezone    text NOT NULL,
      local_date  date NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      batches     integer NOT NULL DEFAULT 0,
      PRIMARY KEY (kind, timezone, local_date)
    );

    -- The send log. Written (status 'pending') before the push, so a retried or re-delivered job
    -- never pushes a device twice for one notification; it is also the user's delivery log.
    CREATE TABLE notification_sends (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      notification_key  text NOT NULL,
      user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      device_id         uuid REFERENCES devices (id) ON DELETE SET NULL,
      kind              text NOT NULL CHECK (kind IN ('daily-tip', 'checkin-reminder')),
      local_date        date NOT NULL,
      platform          text NOT NULL CHECK (platform IN ('fcm', 'apns')),
      content_item_id   uuid REFERENCES content_items (id) ON DELETE SET NULL,
      title             text NOT NULL,
      body              text NOT NULL,
      status            text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'sent', 'failed', 'invalid_token')),
      error             text,
      created_at        timestamptz NOT NULL DEFAULT now(),
      sent_at           timestamptz,
      UNIQUE (notification_key, device_id)
    );
    CREATE INDEX notification_sends_user_id_idx ON notification_sends (user_id, created_at DESC);
    CREATE INDEX notification_sends_device_id_idx ON notification_sends (device_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE notification_sends, notification_slices, daily_tip_schedule, devices;
    DROP INDEX users_timezone_id_idx;
    ALTER TABLE user_settings DROP COLUMN reminder_time;
  `.execute(db);
}
