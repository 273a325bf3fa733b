import { randomBytes } from 'node:crypto';
import { QUEUES } from '@wbn/contracts/queues';
import { createJobQueue } from '@wbn/core/queue/job-queue';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSmtpSink } from './smtp-sink.ts';

/**
 * A backlog of reset jobs queued while no worker ran is worked off at the handlers' speed once one
 * starts: batches back to back, not one job per poll (pg-boss's idle backstop for NOTIFY queues is 30 s).
 */
const BACKLOG = 60;
let t: TestRuntime;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let stopMailer: (() => Promise<void>) | undefined;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestRuntime({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await stopMailer?.();
  await smtp?.close();
});

it(`mails a backlog of ${BACKLOG} reset codes within seconds of a worker starting`, async () => {
  const tag = randomBytes(4).toString('hex');
  // Confirmed addresses: only those receive reset codes.
  const emails = Array.from({ length: BACKLOG }, (_, i) => `backlog-${tag}-${i}@example.org`);
  await sql`
    INSERT INTO users (username, password_hash, email, email_verified_at, pseudonym)
    SELECT 'backlog_' || ${tag} || '_' || i, 'x', 'backlog-' || ${tag} || '-' || i || '@example.org', now(), 'Backlog ' || i
    FROM generate_series(0, ${BACKLOG - 1}) AS i`.execute(t.db);
  await createJobQueue(t.boss).insert(
    QUEUES.passwordReset,
    emails.map((email) => ({ email })),
  );

  const worker = createHandlers(t);
  stopMailer = worker.close;
  await startWorker({ boss: t.boss, logger: t.logger, handlers: worker.handlers });
  const mailedTo = () => new Set(smtp.received.flatMap((mail) => mail.to));
  await waitFor(() => emails.every((email) => mailedTo().has(email)), 'every code to be mailed', 15_000);
  expect(smtp.received.filter((mail) => mail.to.some((to) => emails.includes(to)))).toHaveLength(BACKLOG);
});
