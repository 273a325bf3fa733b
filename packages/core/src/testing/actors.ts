import { randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { createUsersRepository } from '../users/users.repository.ts';

/** A user row made directly (no password hashing), returned as the Actor services receive. */
export async function insertActor(
  db: Db,
  flags: { isPremium?: boolean; isModerator?: boolean; timezone?: string } = {},
): Promise<Actor> {
  const username = `a_${randomBytes(6).toString('hex')}`;
  const row = await createUsersRepository().create(db, {
    username,
    password_hash: 'x',
    pseudonym: username,
    is_premium: flags.isPremium ?? false,
    is_moderator: flags.isModerator ?? false,
    ...(flags.timezone ? { timezone: flags.timezone } : {}),
  });
  return {
    id: row.id,
    username,
    isPremium: row.is_premium,
    isModerator: row.is_moderator,
    isBanned: false,
  };
}
