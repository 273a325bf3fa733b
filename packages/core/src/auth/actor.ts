import { AppError } from '../errors.ts';

/**
 * Who is acting, as every service that applies an access rule receives it: the API resolves it from
 * the session (flags come from the database, not the token), the CLI and jobs build it from a user
 * row. Services check the rules themselves with the guards below, so no caller can skip one.
 */
export interface Actor {
  id: string;
  username: string;
  /** The session the request came from; absent when the CLI or a job acts. */
  sessionId?: string;
  isPremium: boolean;
  isModerator: boolean;
  isBanned: boolean;
}

/**
 * A banned person may still read why, appeal, export and delete their data; everything else is
 * refused here, in the service that does the work.
 */
export function assertNotBanned(actor: Actor): void {
  if (actor.isBanned) {
    throw new AppError('FORBIDDEN', 'This account has been suspended by a moderator', {
      reason: 'ACCOUNT_BANNED',
    });
  }
}

export function assertPremium(actor: Actor): void {
  assertNotBanned(actor);
  if (!actor.isPremium) {
    throw new AppError('FORBIDDEN', 'This feature is part of Premium', { reason: 'PREMIUM_REQUIRED' });
  }
}

export function assertModerator(actor: Actor): void {
  assertNotBanned(actor);
  if (!actor.isModerator) {
    throw new AppError('FORBIDDEN', 'Moderators only', { reason: 'MODERATOR_REQUIRED' });
  }
}
