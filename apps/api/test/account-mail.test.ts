import { waitFor } from '@wbn/core/testing/wait';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX_LINUX, login, SAFARI_IPHONE, trpc, withConfirmedEmail } from './account-helpers.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let stopHandlers: () => Promise<void>;
beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  const worker = createHandlers(t);
  stopHandlers = worker.close;
  await startWorker({ boss: t.boss, logger: t.logger, handlers: worker.handlers });
});
afterAll(async () => {
  await t?.close();
  await stopHandlers?.();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
/** account-mail jobs whose payload still holds this address, in any state. */
async function jobsHolding(address: string): Promise<number> {
  const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
    WHERE name LIKE 'account-mail%' AND data::text LIKE ${`%${address}%`}`.execute(t.db);
  return rows.rows[0]?.n ?? 0;
}

describe('sign-in alerts', () => {
  it('mails a confirmed address once per new device, never for the same device twice', async () => {
    const username = uniqueName('alert');
    const email = `${username}@example.org`;
    await withConfirmedEmail(t, await t.signup(username), email);
    expect((await login(t, username, STRONG_PASSWORD, FIREFOX_LINUX)).status).toBe(200);
    await waitFor(() => mailsTo(email).length === 1, 'the first alert');
    expect(mailsTo(email)[0]?.raw).toContain('Firefox on Linux');

    expect((await login(t, username, STRONG_PASSWORD, FIREFOX_LINUX)).status).toBe(200);
    expect((await login(t, username, STRONG_PASSWORD, SAFARI_IPHONE)).status).toBe(200);
    await waitFor(() => mailsTo(email).length >= 2, 'the iPhone alert');
    // Once no job holds the address, every queued alert has been mailed: the repeat queued none.
    await waitFor(async () => (await jobsHolding(email)) === 0, 'the alert jobs to be deleted');
    const alerts = mailsTo(email).map((m) => m.raw);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toContain('Safari on iOS');
    expect(alerts[1]).not.toMatch(/https?:\/\//);
    expect(alerts[1]).toContain('change your password');
  });

  it('sends nothing to an address that is not confirmed', async () => {
    const username = uniqueName('unconfirmed');
    const email = `${username}@example.org`;
    await t.signup(username, { email });
    const code = await smtp.nextMailTo(email);
    expect(code.raw).toContain('confirm this address');
    await login(t, username, STRONG_PASSWORD, SAFARI_IPHONE);
    await waitFor(async () => (await jobsHolding(email)) === 0, 'no pending alert');
    expect(mailsTo(email)).toHaveLength(1);
  });
});

describe('email verification', () => {
  it('confirms a new address with the mailed code; the same attempt rules as reset codes', async () => {
    const username = uniqueName('verify');
    const email = `${username}@example.org`;
    const { token } = await t.signup(username, { email });
    const mail = await smtp.nextMailTo(email);
    const code = /confirm this address is: (\d{8})/.exec(mail.raw)?.[1] as string;
    expect((await t.api('GET', '/api/user/email', { token })).body).toEqual({ email, verified: false });

    const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    const bad = await t.api('POST', '/api/user/email/verify', { token, body: { email, code: wrong } });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('INVALID_VERIFICATION_CODE');

    const ok = await trpc(t, 'mutation', 'user.confirmEmail', { token, input: { email, code } });
    expect(ok.data).toEqual({ email, verified: true });
    // Used once.
    expect((await t.api('POST', '/api/user/email/verify', { token, body: { email, code } })).status).toBe(
      400,
    );
  });

  it('refuses even the right code after five wrong attempts', async () => {
    const username = uniqueName('verify5');
    const email = `${username}@example.org`;
    const { token } = await t.signup(username, { email });
    const code = /is: (\d{8})/.exec((await smtp.nextMailTo(email)).raw)?.[1] as string;
    for (let i = 0; i < 5; i++) {
      const guess = String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');
      expect(
        (await t.api('POST', '/api/user/email/verify', { token, body: { email, code: guess } })).status,
      ).toBe(400);
    }
    expect((await t.api('POST', '/api/user/email/verify', { token, body: { email, code } })).status).toBe(
      400,
    );
  });

  it('a changed address is unconfirmed again and receives no reset code until confirmed', async () => {
    const username = uniqueName('change');
    const first = `${username}@example.org`;
    const session = await withConfirmedEmail(t, await t.signup(username), first);
    const second = `${username}@example.net`;
    await t.api('PUT', '/api/user/profile', { token: session.token, body: { email: second } });
    const code = /is: (\d{8})/.exec((await smtp.nextMailTo(second)).raw)?.[1] as string;
    expect((await t.api('GET', '/api/user/email', { token: session.token })).body.verified).toBe(false);

    await t.api('POST', '/api/auth/reset-password-request', { body: { email: second } });
    await waitFor(async () => {
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = 'password-reset' AND state IN ('created', 'retry', 'active')`.execute(t.db);
      return rows.rows[0]?.n === 0;
    }, 'the reset request to be handled');
    expect(
      mailsTo(second)
        .map((m) => m.raw)
        .filter((raw) => raw.includes('reset your password')),
    ).toEqual([]);

    // A code for the old address does not confirm the new one, and vice versa: bound to the address.
    expect(
      (await t.api('POST', '/api/user/email/verify', { token: session.token, body: { email: first, code } }))
        .status,
    ).toBe(400);
    const ok = await t.api('POST', '/api/user/email/verify', {
      token: session.token,
      body: { email: second, code },
    });
    expect(ok.body.verified).toBe(true);
    await t.api('POST', '/api/auth/reset-password-request', { body: { email: second } });
    expect((await smtp.nextMailTo(second)).raw).toContain('reset your password');
  });
});

describe('account deletion mail', () => {
  it('confirms the deletion to a confirmed address; the job holding it is deleted once sent', async () => {
    const username = uniqueName('gone');
    const email = `${username}@example.org`;
    const session = await withConfirmedEmail(t, await t.signup(username), email);
    const res = await t.api('DELETE', '/api/user/profile', { token: session.token });
    expect(res.status).toBe(200);
    expect((await smtp.nextMailTo(email)).raw).toContain('deleted');
    await waitFor(async () => (await jobsHolding(email)) === 0, 'the mail job to be deleted');
  });
});
