import type { AuthUser } from './auth.service.ts';

/**
 * A short-lived, in-process cache of live sessions, so a burst of authenticated requests does not
 * pay a database round trip each for the session check (brief §6: that lookup costs as much as
 * the request's own query).
 *
 * Logout, refresh-token reuse, password reset, role changes and account deletion made through this
 * process's services forget the affected entries at once. A change made by another process (another
 * API instance, the admin CLI, a moderator's ban on another instance) is seen within `ttlMs` at most;
 * SESSION_CACHE_TTL_MS=0 turns the cache off where that bound is not acceptable.
 */
export interface SessionCache {
  get(sessionId: string): Omit<AuthUser, 'sessionId'> | undefined;
  set(sessionId: string, user: Omit<AuthUser, 'sessionId'>): void;
  forgetSession(sessionId: string): void;
  forgetUser(userId: string): void;
}

const MAX_ENTRIES = 50_000;

export function createSessionCache(options: { ttlMs: number; now?: () => number }): SessionCache {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { user: Omit<AuthUser, 'sessionId'>; until: number }>();
  if (options.ttlMs <= 0) {
    return { get: () => undefined, set() {}, forgetSession() {}, forgetUser() {} };
  }
  return {
    get(sessionId) {
      const entry = entries.get(sessionId);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        entries.delete(sessionId);
        return undefined;
      }
      return entry.user;
    },
    set(sessionId, user) {
      // Maps iterate in insertion order: dropping the first key evicts the oldest entry.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(sessionId, { user, until: now() + options.ttlMs });
    },
    forgetSession(sessionId) {
      entries.delete(sessionId);
    },
    forgetUser(userId) {
      for (const [sessionId, entry] of entries) if (entry.user.id === userId) entries.delete(sessionId);
    },
  };
}
