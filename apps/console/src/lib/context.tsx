import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { ConsoleApi } from './api.ts';
import type { Session, SessionStore } from './session.ts';

interface ConsoleContext {
  api: ConsoleApi;
  store: SessionStore;
}

const Context = createContext<ConsoleContext | undefined>(undefined);

export function ConsoleProvider({ api, store, children }: ConsoleContext & { children: ReactNode }) {
  return <Context.Provider value={{ api, store }}>{children}</Context.Provider>;
}

function useConsole(): ConsoleContext {
  const value = useContext(Context);
  if (!value) throw new Error('ConsoleProvider missing');
  return value;
}

export const useApi = () => useConsole().api;
export const useSessionStore = () => useConsole().store;

export function useSession(): Session | undefined {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.get);
}
