import { useSyncExternalStore } from 'react';

/** The console's places, in the URL hash so the API serves one index.html for all of them. */
export type Route =
  | { name: 'queue' }
  | { name: 'item'; contentType: 'post' | 'reply'; id: string }
  | { name: 'audit'; targetUserId?: string }
  | { name: 'appeals' }
  | { name: 'operator' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'item' && (second === 'post' || second === 'reply') && third) {
    return { name: 'item', contentType: second, id: third };
  }
  if (first === 'audit') return second ? { name: 'audit', targetUserId: second } : { name: 'audit' };
  if (first === 'appeals') return { name: 'appeals' };
  if (first === 'operator') return { name: 'operator' };
  return { name: 'queue' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'item':
      return `#/item/${route.contentType}/${route.id}`;
    case 'audit':
      return route.targetUserId ? `#/audit/${route.targetUserId}` : '#/audit';
    case 'appeals':
      return '#/appeals';
    case 'operator':
      return '#/operator';
    default:
      return '#/queue';
  }
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}
