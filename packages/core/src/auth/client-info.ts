import { isIP } from 'node:net';

/** Where a sign-in came from, as coarse as the account pages need it. */
export interface ClientInfo {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

const MAX_USER_AGENT = 256;

export function normaliseUserAgent(userAgent: string | undefined): string | null {
  const trimmed = userAgent?.trim();
  return trimmed ? trimmed.slice(0, MAX_USER_AGENT) : null;
}

/**
 * The network an address belongs to: /24 for IPv4, /48 for IPv6, never the address itself (enough
 * for a person to tell "home" from "elsewhere", not enough to locate or identify them).
 */
export function ipPrefix(ip: string | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  const version = isIP(address);
  if (version === 4) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (version !== 6) return null;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups]
    : headGroups;
  const prefix = groups.slice(0, 3).map((g) => Number.parseInt(g || '0', 16).toString(16));
  return `${prefix.join(':')}::/48`;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/okhttp|Dalvik/i, 'the Android app'],
  [/CFNetwork|Darwin/i, 'the iOS app'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Windows/, 'Windows'],
  [/Linux/, 'Linux'],
];
const firstMatch = (table: [RegExp, string][], text: string) =>
  table.find(([pattern]) => pattern.test(text))?.[1];

/** "Firefox on Linux": a device description for a mail, without version numbers or anything finer. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'an unknown device';
  const browser = firstMatch(BROWSERS, userAgent);
  const os = firstMatch(SYSTEMS, userAgent);
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? `a device identifying as "${userAgent.slice(0, 60)}"`;
}
