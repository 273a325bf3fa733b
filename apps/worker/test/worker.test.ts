import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@wbn/core/logger';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobHandler } from '../src/jobs/job.ts';
import { mailSendJob } from '../src/jobs/mail-send.job.ts';
import { createMailer } from '../src/providers/mailer.ts';
import { startWorker } from '../src/worker.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('mail without SMTP_URL', () => {
  it('writes the rendered mail as an .eml file in the data directory', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wbn-outbox-'));
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'App <app@example.org>',
      dataDir,
      logger: createLogger({ level: 'silent' }),
    });
    await mailSendJob(mailer).handle(
      {
        to: 'sam@example.org',
        template: 'password-reset',
        data: { code: '01234567', expires_in_minutes: 15 },
      },
      { logger: createLogger({ level: 'silent' }), jobId: 'job-1' },
    );
    const [file] = await readdir(path.join(dataDir, 'mail'));
    const eml = await readFile(path.join(dataDir, 'mail', file ?? ''), 'utf8');
    expect(eml).toContain('To: sam@example.org');
    expect(eml).toContain('01234567');
    expect(eml).toContain('15 minutes');
  });
});

describe('startWorker', () => {
  it('parses payloads with the queue schema: a malformed job fails and lands in the dead-letter queue', async () => {
    const queue = { name: 'test-echo', schema: z.object({ n: z.number().int() }) };
    await t.boss.createQueue('test-echo-dead-letter');
    await t.boss.createQueue(queue.name, { retryLimit: 0, deadLetter: 'test-echo-dead-letter' });
    const handled: number[] = [];
    const echo: JobHandler<typeof queue.schema> = {
      queue,
      handle: async (payload) => void handled.push(payload.n),
    };
    await startWorker({ boss: t.boss, logger: t.logger, handlers: [echo] });

    await t.boss.send(queue.name, { n: 7 });
    await t.boss.send(queue.name, { n: 'seven' });
    await until(async () => (handled.includes(7) ? true : undefined));
    const dead = await until(async () => {
      const jobs = await t.boss.fetch<{ n: unknown }>('test-echo-dead-letter');
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(dead[0]?.data).toEqual({ n: 'seven' });
    expect(handled).toEqual([7]);
  });
});
