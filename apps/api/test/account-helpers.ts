import type { TestApp } from './test-app.ts';

/**
 * Gives a test account a confirmed address, as a fixture: only confirmed addresses receive reset
 * codes, alerts and receipts. (The confirmation flow itself is tested in email-verification.test.ts.)
 */
export async function withConfirmedEmail<S extends { user: { id: string } }>(
  t: TestApp,
  session: S,
  email: string,
): Promise<S> {
  await t.db
    .updateTable('users')
    .set({ email, email_verified_at: new Date() })
    .where('id', '=', session.user.id)
    .execute();
  return session;
}

/** A user agent a test can recognise in the session list and in alert mails. */
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

/** A tRPC call through the real server: mutations POST their input, queries send it in the URL. */
export async function trpc(
  t: TestApp,
  kind: 'query' | 'mutation',
  path: string,
  options: { token?: string; input?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; data: any; error: any }> {
  const headers = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const response =
    kind === 'mutation'
      ? await t.app.inject({
          method: 'POST',
          url: `/trpc/${path}`,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(options.input ?? null),
        })
      : await t.app.inject({
          method: 'GET',
          url: `/trpc/${path}${options.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(options.input))}`}`,
          headers,
        });
  const body = JSON.parse(response.body);
  return { status: response.statusCode, data: body.result?.data, error: body.error };
}

/** Bans a user the way a moderator's action does (the flag the per-request check reads). */
export async function ban(t: TestApp, userId: string): Promise<void> {
  await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', userId).execute();
}

export async function login(t: TestApp, username: string, password: string, userAgent?: string) {
  return t.api('POST', '/api/auth/login', {
    body: { username, password },
    ...(userAgent ? { headers: { 'user-agent': userAgent } } : {}),
  });
}
