import { waitFor } from '@wbn/core/testing/wait';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConfirmedEmail } from './account-helpers.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

const NEW_PASSWORD = 'a brand new passphrase 7';
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let stopMailer: () => void;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  const worker = createHandlers(t);
  stopMailer = worker.close;
  await startWorker({ boss: t.boss, logger: t.logger, handlers: worker.handlers });
});
afterAll(async () => {
  await t?.close();
  stopMailer?.();
  await smtp?.close();
});

async function userWithEmail() {
  const username = uniqueName('reset');
  const email = `${username}@example.org`;
  const session = await withConfirmedEmail(t, await t.signup(username), email);
  return { username, email, ...session };
}

async function requestCode(email: string): Promise<string> {
  const res = await t.api('POST', '/api/auth/reset-password-request', { body: { email } });
  expect(res.status).toBe(200);
  const mail = await smtp.nextMailTo(email);
  const code = /reset your password is: (\d{8})/.exec(mail.raw)?.[1];
  if (!code) throw new Error(`no code in mail:\n${mail.raw}`);
  return code;
}

const confirm = (email: string, code: string, new_password = NEW_PASSWORD) =>
  t.api('POST', '/api/auth/reset-password-confirm', { body: { email, code, new_password } });

/** Reset requests not yet handled by the worker (created, retrying or running). */
async function pendingResetJobs(): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'password-reset' AND state IN ('created', 'retry', 'active')`.execute(
    t.db,
  );
  return rows.rows[0]?.n ?? 0;
}

/** Sessions of this test's database waiting for a lock (the guesses queued behind a held row). */
async function waitingOnLocks(): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(t.db);
  return rows.rows[0]?.n ?? 0;
}

async function countCodes(): Promise<number> {
  const row = await t.db
    .selectFrom('password_reset_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    // The table holds email-verification codes too; those come and go with other tests' sign-ups.
    .where('purpose', '=', 'password-reset')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const wrongCode = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0');

describe('password reset', () => {
  it('answers the same whether or not the address exists, and mails only real accounts', async () => {
    const { email, user } = await userWithEmail();
    await waitFor(async () => (await pendingResetJobs()) === 0, 'earlier requests to be handled');
    const codesBefore = await countCodes();
    const known = await t.api('POST', '/api/auth/reset-password-request', { body: { email } });
    const unknown = await t.api('POST', '/api/auth/reset-password-request', {
      body: { email: `nobody-${email}` },
    });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    await smtp.nextMailTo(email);
    // Both requests were handled by the worker; only the real account got a code and a mail.
    await waitFor(async () => (await pendingResetJobs()) === 0, 'both requests to be handled');
    const issued = await t.db
      .selectFrom('password_reset_codes')
      .select('user_id')
      .where('user_id', '=', user.id)
      .execute();
    expect(issued.map((r) => r.user_id)).toEqual([user.id]);
    // One code in all: the unknown address made none for anyone.
    expect(await countCodes()).toBe(codesBefore + 1);
    expect(smtp.received.some((m) => m.to.includes(`nobody-${email}`))).toBe(false);
  });

  it('resets end to end with the code from the mail; the old password and old sessions die', async () => {
    const { username, email, token, refresh_token } = await userWithEmail();
    const code = await requestCode(email);

    expect((await confirm(email, wrongCode(code))).status).toBe(400);
    const ok = await confirm(email, code);
    expect(ok.status).toBe(200);

    expect((await t.api('GET', '/api/user/profile', { token })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(401);
    const oldLogin = await t.api('POST', '/api/auth/login', {
      body: { username, password: STRONG_PASSWORD },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await t.api('POST', '/api/auth/login', { body: { username, password: NEW_PASSWORD } });
    expect(newLogin.status).toBe(200);

    const reused = await confirm(email, code, 'yet another passphrase 9');
    expect(reused.status).toBe(400);
    expect(reused.body.reason).toBe('INVALID_RESET_CODE');
  });

  it('refuses an expired code', async () => {
    const { email } = await userWithEmail();
    const code = await requestCode(email);
    t.clock.advance(16 * 60_000);
    const res = await confirm(email, code);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('INVALID_RESET_CODE');
  });

  it('refuses even the right code after five wrong attempts', async () => {
    const { email } = await userWithEmail();
    const code = await requestCode(email);
    for (let i = 0; i < 5; i++) expect((await confirm(email, wrongCode(code))).status).toBe(400);
    const res = await confirm(email, code);
    expect(res.status).toBe(400);
    // Answered exactly like a wrong code, so a stranger learns nothing about the account.
    expect(res.body.reason).toBe('INVALID_RESET_CODE');
  });

  it('decides on the count a guess gets, not the count it read: past five parallel guesses the right code is refused', async () => {
    const { email, user } = await userWithEmail();
    const code = await requestCode(email);
    const ofUser = (db: typeof t.db) =>
      db.updateTable('password_reset_codes').where('user_id', '=', user.id).where('consumed_at', 'is', null);
    const answer = await t.db.transaction().execute(async (tx) => {
      // Five guesses of a parallel burst being counted: not yet committed, so the right guess still
      // reads 0 attempts, passes the early check, and then waits for its own count behind them.
      await ofUser(tx).set({ attempts: 5 }).execute();
      const right = confirm(email, code);
      await waitFor(async () => (await waitingOnLocks()) === 1, 'the right guess to wait for its count');
      return { right };
    });
    const res = await answer.right;
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('INVALID_RESET_CODE');
    const row = await t.db
      .selectFrom('password_reset_codes')
      .select(['attempts', 'consumed_at'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 6, consumed_at: null });
    expect(
      (await t.api('POST', '/api/auth/login', { body: { username: user.username, password: NEW_PASSWORD } }))
        .status,
    ).toBe(401);
  });

  it('a new code voids the previous one', async () => {
    const { email } = await userWithEmail();
    const first = await requestCode(email);
    const second = await requestCode(email);
    expect(second).not.toBe(first); // two 8-digit CSPRNG codes: equal once in 10^8
    expect((await confirm(email, first)).status).toBe(400);
    expect((await confirm(email, second)).status).toBe(200);
  });

  it('sends at most a few codes per hour to one address', async () => {
    const { email, user } = await userWithEmail();
    const limit = t.config.auth.resetRequestsPerHour;
    for (let i = 0; i < limit; i++) await requestCode(email);
    const res = await t.api('POST', '/api/auth/reset-password-request', { body: { email } });
    expect(res.status).toBe(200);
    await waitFor(async () => (await pendingResetJobs()) === 0, 'the request to be handled');
    const codes = await t.db
      .selectFrom('password_reset_codes')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(codes).toHaveLength(limit);
    // An hour later the address may ask again.
    t.clock.advance(3_600_000 + 1000);
    await requestCode(email);
  });

  it('refuses a weak new password with 400 naming new_password', async () => {
    const { email } = await userWithEmail();
    const code = await requestCode(email);
    const res = await confirm(email, code, 'password1');
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('new_password');
  });
});
