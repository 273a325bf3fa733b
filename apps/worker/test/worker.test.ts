import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { hmacResetCode } from '@wbn/core/crypto/tokens';
import { createLogger } from '@wbn/core/logger';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { waitFor } from '@wbn/core/testing/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMUNITY_PURGE_CRON, communityPurgeJob } from '../src/jobs/community-purge.job.ts';
import type { JobHandler } from '../src/jobs/job.ts';
import { passwordResetJob } from '../src/jobs/password-reset.job.ts';
import { createMailer } from '../src/providers/mailer.ts';
import { startWorker } from '../src/worker.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

describe('mail without SMTP_URL', () => {
  it('writes the reset mail as an .eml file in the data directory', async () => {
    const dataDir = t.config.dataDir;
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'App <app@example.org>',
      dataDir,
      logger: createLogger({ level: 'silent' }),
    });
    const { user } = await t.core.auth.signup({
      username: `outbox_${process.pid}`,
      password: 'quiet meadow at dawn',
      email: `outbox-${process.pid}@example.org`,
    });
    // Reset codes go to confirmed addresses only.
    await t.db
      .updateTable('users')
      .set({ email_verified_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await passwordResetJob(t.core.passwordReset, mailer).handle(
      { email: `outbox-${process.pid}@example.org` },
      { logger: createLogger({ level: 'silent' }), jobId: 'job-1' },
    );
    // The mailed code is the one stored (as an HMAC) for the user; nothing else holds it.
    const stored = await t.db
      .selectFrom('password_reset_codes')
      .select('code_hmac')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    const [file] = await readdir(path.join(dataDir, 'mail'));
    const eml = await readFile(path.join(dataDir, 'mail', file ?? ''), 'utf8');
    expect(eml).toContain(`To: outbox-${process.pid}@example.org`);
    expect(eml).toContain('15 minutes');
    const code = /reset your password is: (\d{8})/.exec(eml)?.[1] ?? '';
    expect(stored.code_hmac).toEqual(hmacResetCode(t.config.auth.resetCodeSecret, user.id, code));
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
    await waitFor(() => handled.includes(7), 'the good job');
    const dead = await waitFor(async () => {
      const jobs = await t.boss.fetch<{ n: unknown }>('test-echo-dead-letter');
      return jobs.length > 0 ? jobs : undefined;
    }, 'the dead letter');
    expect(dead[0]?.data).toEqual({ n: 'seven' });
    expect(handled).toEqual([7]);
  });
});

describe('community-purge', () => {
  it('registers its schedule with pg-boss and blanks the text of content deleted longer ago than the retention period', async () => {
    const job = communityPurgeJob(t.core.moderation);
    await startWorker({ boss: t.boss, logger: t.logger, handlers: [job] });
    const schedules = await t.boss.getSchedules(job.queue.name);
    expect(schedules.map((s) => s.cron)).toEqual([COMMUNITY_PURGE_CRON]);

    const { user } = await t.core.auth.signup({
      username: `purge_${process.pid}`,
      password: 'quiet meadow at dawn',
    });
    const category = await t.db
      .insertInto('community_categories')
      .values({ name: `purge-${process.pid}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const retentionMs = t.config.community.deletedRetentionDays * 86_400_000;
    const insertPost = (deletedAgoMs: number) =>
      t.db
        .insertInto('community_posts')
        .values({
          category_id: category.id,
          author_user_id: user.id,
          author_pseudonym: user.pseudonym,
          title: 'A title',
          content: 'Text a moderator removed',
          deleted_at: new Date(t.clock.now().getTime() - deletedAgoMs),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const old = await insertPost(retentionMs + 60_000);
    const recent = await insertPost(retentionMs - 60_000);

    await job.handle({}, { logger: t.logger, jobId: 'test' });
    const content = async (id: string) =>
      (
        await t.db
          .selectFrom('community_posts')
          .select('content')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).content;
    expect(await content(old.id)).toBe('');
    expect(await content(recent.id)).toBe('Text a moderator removed');
  });
});
