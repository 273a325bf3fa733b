import type { Actor } from './actor.ts';

/**
 * A short-lived, in-process cache of verified access tokens and their live sessions, so a burst of
 * authenticated requests pays neither a database round trip for the session check (brief §6: that
 * lookup costs as much as the request's own query) nor a signature check each. Keyed by the exact
 * token string, so an entry only ever answers for a token that verified; the TTL (at most 30 s, the
 * token verifier's own clock tolerance) bounds how long an entry may live.
 *
 * Revocation stays immediate: every ban, role change, revoked or deleted session and deleted account
 * is announced by a database trigger (NOTIFY wbn_auth_changes, migration 20261126160000) and every API
 * process forgets that user's entries; changes made through this process's services are forgotten
 * synchronously as well. When the notification connection is down the cache is bypassed entirely.
 */
export interface SessionCache {
  get(accessToken: string): Actor | undefined;
  set(accessToken: string, user: Actor): void;
  forgetSession(sessionId: string): void;
  forgetUser(userId: string): void;
  /**
   * Whether change notifications are flowing (see db/change-listener.ts). While they are not, the
   * cache neither answers nor keeps anything: a missed revocation must never be served from it.
   */
  setLive(live: boolean): void;
}

const MAX_ENTRIES = 50_000;

export function createSessionCache(options: {
  ttlMs: number;
  now?: () => number;
  live?: boolean;
}): SessionCache {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { user: Actor; until: number }>();
  if (options.ttlMs <= 0) {
    return { get: () => undefined, set() {}, forgetSession() {}, forgetUser() {}, setLive() {} };
  }
  let live = options.live ?? false;
  return {
    setLive(value) {
      live = value;
      entries.clear();
    },
    get(accessToken) {
      if (!live) return undefined;
      const entry = entries.get(accessToken);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        entries.delete(accessToken);
        return undefined;
      }
      return entry.user;
    },
    set(accessToken, user) {
      if (!live) return;
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
