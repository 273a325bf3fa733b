import type { User } from '@wbn/contracts/auth';

/** A signed-in console user. Kept in memory only: a reload or a closed tab signs out. */
export interface Session {
  token: string;
  refreshToken: string;
  user: User;
}

export interface SessionStore {
  get(): Session | undefined;
  set(session: Session | undefined): void;
  subscribe(listener: () => void): () => void;
}

/** Never localStorage or a cookie: a token an injected script could read would outlive the page. */
export function createSessionStore(): SessionStore {
  let current: Session | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(session) {
      current = session;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
