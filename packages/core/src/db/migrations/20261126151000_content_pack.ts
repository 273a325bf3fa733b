import { type Kysely, sql } from 'kysely';

/**
 * What the content loader needs on top of the spec's content_items columns:
 * - `slug`: the pack's stable key, so re-loading updates items in place and ids (which journal
 *   entries reference as prompt_id) never change. Rows made outside the pack get a random slug.
 * - `crisis_resources`: the client shows its bundled crisis contacts next to these items.
 * - `content_hash`: the hash of everything the loader writes, so an unchanged file is not rewritten
 *   (updated_at stays put) and responses get a stable ETag.
 * - media metadata: `media_url` keeps the spec's meaning (where the media lives) as a storage key
 *   relative to the media store; the API turns it into a URL. Type, size and hash serve the audio
 *   route's Content-Type, Content-Length and ETag without touching storage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE content_items
      ADD COLUMN slug text NOT NULL DEFAULT gen_random_uuid()::text,
      ADD COLUMN crisis_resources boolean NOT NULL DEFAULT false,
      ADD COLUMN content_hash text,
      ADD COLUMN media_content_type text,
      ADD COLUMN media_bytes bigint CHECK (media_bytes >= 0),
      ADD COLUMN media_sha256 text,
      ADD CONSTRAINT content_items_slug_key UNIQUE (slug),
      ADD CONSTRAINT content_items_media_complete CHECK (
        (media_url IS NULL) = (media_content_type IS NULL)
        AND (media_url IS NULL) = (media_bytes IS NULL)
        AND (media_url IS NULL) = (media_sha256 IS NULL)
      );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE content_items
      DROP CONSTRAINT content_items_media_complete,
      DROP CONSTRAINT content_items_slug_key,
      DROP COLUMN media_sha256,
      DROP COLUMN media_bytes,
      DROP COLUMN media_content_type,
      DROP COLUMN content_hash,
      DROP COLUMN crisis_resources,
      DROP COLUMN slug;
  `.execute(db);
}
