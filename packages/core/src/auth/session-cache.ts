import type { AuthUser } from './auth.service.ts';

/**
 * A short-lived, in-process cache of verified access tokens and their live sessions, so a burst of
 * authenticated requests pays neither a database round trip for the session check (brief §6: that
 * lookup costs as much as the request's own query) nor a WebCrypto signature check each. Keyed by the
 * exact token string, so an entry only ever answers for a token that verified; the TTL (≤ 1 s by
 * default) stays far inside the token verifier's own clock tolerance.
 *
 * Logout, refresh-token reuse, password reset, role changes and account deletion made through this
 * process's services forget the affected entries at once. A change made by another process (another
 * API instance, the admin CLI, a moderator's ban on another instance) is seen within `ttlMs` at most;
 * SESSION_CACHE_TTL_MS=0 turns the cache off where that bound is not acceptable.
 */
export interface SessionCache {
  get(accessToken: string): AuthUser | undefined;
  set(accessToken: string, user: AuthUser): void;
  forgetSession(sessionId: string): void;
  forgetUser(userId: string): void;
}

const MAX_ENTRIES = 50_000;

export function createSessionCache(options: { ttlMs: number; now?: () => number }): SessionCache {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { user: AuthUser; until: number }>();
  if (options.ttlMs <= 0) {
    return { get: () => undefined, set() {}, forgetSession() {}, forgetUser() {} };
  }
  return {
    get(accessToken) {
      const entry = entries.get(accessToken);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        entries.delete(accessToken);
        return undefined;
      }
      return entry.user;
    },
    set(accessToken, user) {
      // Maps iterate in insertion order: dropping the first key evicts the oldest entry.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(accessToken, { user, until: now() + options.ttlMs });
    },
    forgetSession(sessionId) {
      for (const [token, entry] of entries) if (entry.user.sessionId === sessionId) entries.delete(token);
    },
    forgetUser(userId) {
      for (const [token, entry] of entries) if (entry.user.id === userId) entries.delete(token);
    },
  };
}
