import type { Actor } from '@wbn/core/auth/actor';
import type { AuthUser } from '@wbn/core/auth/auth.service';

/**
 * The acting user as services receive it. authedProcedure has already refused banned people, so
 * its users are not banned; a route open to banned people cannot tell, and its actor counts as
 * banned, so a rule that refuses banned people can never be skipped through such a route.
 */
export function actorOf(user: AuthUser, session: 'unbanned' | 'maybe-banned'): Actor {
  return {
    id: user.id,
    username: user.username,
    sessionId: user.sessionId,
    isPremium: user.isPremium,
    isModerator: user.isModerator,
    isBanned: session === 'maybe-banned',
  };
}
