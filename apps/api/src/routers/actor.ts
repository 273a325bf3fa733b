import type { Actor } from '@wbn/core/auth/actor';
import type { AuthUser } from '@wbn/core/auth/auth.service';

/** The authed procedures have already refused banned accounts, so the user they resolved is not banned. */
export const actorOf = (user: AuthUser): Actor => ({ ...user, isBanned: false });
