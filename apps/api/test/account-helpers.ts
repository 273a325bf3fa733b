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
