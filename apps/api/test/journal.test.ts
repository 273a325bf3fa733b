import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_SECRETS, testDataDir } from '@wbn/core/testing/test-runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, issuePaths as paths, type TestApp } from './test-app.ts';

let t: TestApp;
let keyFile: string;
const NOW = '2026-03-10T12:00:00.000Z';
const repoRoot = path.resolve(import.meta.dirname, '../../..');

beforeAll(async () => {
  keyFile = path.join(await testDataDir(), 'journal-keys.json');
  t = await createTestApp({ clockStart: NOW, env: { JOURNAL_KEY_FILE: keyFile } });
});
afterAll(async () => t?.close());

async function write(token: string, content: string, extra: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/journal', { token, body: { content, timestamp: NOW, ...extra } });
  expect(res.status).toBe(201);
  return res.body as { id: string; user_id: string };
}

const storedContent = async (id: string) =>
  (await t.db.selectFrom('journal_entries').select('content').where('id', '=', id).executeTakeFirstOrThrow())
    .content;

async function addPrompt(text: string, type: 'prompt' | 'tip' = 'prompt') {
  return t.db
    .insertInto('content_items')
    .values({ type, title: text.slice(0, 20), content_structure: JSON.stringify({ text }) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('journal: happy path', () => {
  it('writes, lists metadata only, reads decrypted, deletes; prompts come from content_items', async () => {
    const { token } = await t.signup();
    const prompt = await addPrompt('What is one small good thing from today?');
    await addPrompt('Drink some water', 'tip');
    const prompts = await t.api('GET', '/api/journal/prompts', { token });
    expect(prompts.status).toBe(200);
    expect(prompts.body).toContainEqual({ id: prompt.id, text: 'What is one small good thing from today?' });
    expect(prompts.body.every((p: object) => Object.keys(p).sort().join() === 'id,text')).toBe(true);
    expect(prompts.body.some((p: { text: string }) => p.text === 'Drink some water')).toBe(false);

    const created = await t.api('POST', '/api/journal', {
      token,
      body: {
        content: 'The sun came out at lunch.',
        prompt_id: prompt.id,
        timestamp: '2026-03-10T13:00:00+01:00',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      user_id: expect.any(String),
      prompt_id: prompt.id,
      timestamp: NOW,
    });
    expect(created.body).not.toHaveProperty('content');

    const list = await t.api('GET', '/api/journal/entries', { token });
    expect(list.body).toEqual([{ id: created.body.id, timestamp: NOW, prompt_id: prompt.id }]);

    const entry = await t.api('GET', `/api/journal/entries/${created.body.id}`, { token });
    expect(entry.body).toEqual({
      id: created.body.id,
      timestamp: NOW,
      prompt_id: prompt.id,
      content: 'The sun came out at lunch.',
    });

    expect((await t.api('DELETE', `/api/journal/entries/${created.body.id}`, { token })).status).toBe(200);
    expect((await t.api('GET', `/api/journal/entries/${created.body.id}`, { token })).status).toBe(404);
  });

  it('validates content, prompt_id and timestamp; accepts content at the bound', async () => {
    const { token } = await t.signup();
    const tip = await addPrompt('A tip, not a prompt', 'tip');
    const cases: [string, Record<string, unknown>][] = [
      ['content', { content: '   ' }],
      ['content', { content: 'x'.repeat(20_001) }],
      ['content', { content: 42 }],
      ['prompt_id', { prompt_id: 'not-a-uuid' }],
      ['prompt_id', { prompt_id: '00000000-0000-4000-8000-000000000000' }],
      ['prompt_id', { prompt_id: tip.id }],
      ['timestamp', { timestamp: '2026-03-11T12:00:00Z' }],
    ];
    for (const [field, patch] of cases) {
      const res = await t.api('POST', '/api/journal', {
        token,
        body: { content: 'ok', timestamp: NOW, ...patch },
      });
      expect(res.status, field).toBe(400);
      expect(paths(res)).toContain(field);
    }
    await write(token, 'x'.repeat(20_000));
  });
});

describe('journal: encryption at rest', () => {
  it('stores no plaintext, and the same text twice gives different ciphertexts', async () => {
    const { token } = await t.signup();
    const text = 'My very private worry about the dentist appointment';
    const one = await write(token, text);
    const two = await write(token, text);
    const [a, b] = [await storedContent(one.id), await storedContent(two.id)];
    expect(a.includes(Buffer.from('dentist'))).toBe(false);
    expect(a.toString('latin1')).not.toContain('private');
    expect(a.equals(b)).toBe(false);
    const all = await sql<{
      dump: string;
    }>`SELECT string_agg(wrapped_key::text, '') AS dump FROM journal_data_keys`.execute(t.db);
    expect(all.rows[0]?.dump ?? '').not.toContain(Buffer.from('dentist').toString('hex'));
  });

  it('a ciphertext moved onto another user’s row, another entry, or with one byte flipped fails with a clean generic error', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const fromA = await write(a.token, 'A wrote this');
    const otherA = await write(a.token, 'A wrote that');
    const ofB = await write(b.token, 'B wrote this');
    const blobA = await storedContent(fromA.id);

    const expectClean = async (token: string, id: string) => {
      const res = await t.api('GET', `/api/journal/entries/${id}`, { token });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        code: 'INTERNAL',
        message: 'Internal server error',
        reason: 'ENTRY_UNREADABLE',
      });
    };

    await t.db.updateTable('journal_entries').set({ content: blobA }).where('id', '=', ofB.id).execute();
    await expectClean(b.token, ofB.id);
    await t.db.updateTable('journal_entries').set({ content: blobA }).where('id', '=', otherA.id).execute();
    await expectClean(a.token, otherA.id);

    for (const position of [0, 5, 20, 40, blobA.length - 1]) {
      const flipped = Buffer.from(blobA);
      flipped[position] = (flipped[position] ?? 0) ^ 0x01;
      await t.db
        .updateTable('journal_entries')
        .set({ content: flipped })
        .where('id', '=', fromA.id)
        .execute();
      await expectClean(a.token, fromA.id);
    }
    await t.db.updateTable('journal_entries').set({ content: blobA }).where('id', '=', fromA.id).execute();
    expect((await t.api('GET', `/api/journal/entries/${fromA.id}`, { token: a.token })).body.content).toBe(
      'A wrote this',
    );
  });

  it('deleting the user leaves no entry and no data key behind', async () => {
    const { token, user } = await t.signup();
    await write(token, 'soon gone');
    expect((await t.api('DELETE', '/api/user/profile', { token })).status).toBe(200);
    const entries = await t.db
      .selectFrom('journal_entries')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    const keys = await t.db
      .selectFrom('journal_data_keys')
      .select('user_id')
      .where('user_id', '=', user.id)
      .execute();
    expect(entries).toEqual([]);
    expect(keys).toEqual([]);
  });
});

describe('journal: key rotation', () => {
  it('keeps old and new entries readable during and after `keys rotate`, and leaves no data key under an old KEK', async () => {
    const users = await Promise.all([t.signup(), t.signup(), t.signup()]);
    const [first] = users;
    if (!first) throw new Error('no users');
    const before = await Promise.all(users.map((u, i) => write(u.token, `before rotation ${i}`)));
    const oldKek = (await t.core.journalKeys.status()).active;
    const keysUnderOldKek = async () =>
      (await t.db.selectFrom('journal_data_keys').select('user_id').where('kek_id', '=', oldKek).execute())
        .length;
    const dataKeys = await keysUnderOldKek();

    // Interrupted rotation: a new KEK, one batch of one key, then stop.
    const newKek = t.core.journalKeys.addKek();
    await t.core.journalKeys.rewrapAll({ batchSize: 1, maxBatches: 1 });
    // Truly mid-rotation: some data keys are still wrapped by the old KEK.
    expect(await keysUnderOldKek()).toBe(dataKeys - 1);
    const during = await write(first.token, 'during rotation');
    for (const [i, u] of users.entries()) {
      const res = await t.api('GET', `/api/journal/entries/${before[i]?.id}`, { token: u.token });
      expect(res.body.content).toBe(`before rotation ${i}`);
    }
    const newcomer = await t.signup();
    const fresh = await write(newcomer.token, 'new user after the new KEK');
    const underNew = await t.db
      .selectFrom('journal_data_keys')
      .select('kek_id')
      .where('user_id', '=', newcomer.user.id)
      .executeTakeFirstOrThrow();
    expect(underNew.kek_id).toBe(newKek);

    // Resume.
    await t.core.journalKeys.rewrapAll({ batchSize: 1 });
    const stale = await t.db
      .selectFrom('journal_data_keys')
      .select('user_id')
      .where('kek_id', '<>', newKek)
      .execute();
    expect(stale).toEqual([]);
    expect(oldKek).not.toBe(newKek);
    expect(
      (await t.api('GET', `/api/journal/entries/${during.id}`, { token: first.token })).body.content,
    ).toBe('during rotation');
    expect(
      (await t.api('GET', `/api/journal/entries/${fresh.id}`, { token: newcomer.token })).body.content,
    ).toBe('new user after the new KEK');
  });

  it('`pnpm admin keys rotate` in another process re-wraps everything, and this server (keys loaded before) still reads', async () => {
    const u = await t.signup();
    const entry = await write(u.token, 'read me after the CLI rotation');
    const { stdout } = await promisify(execFile)(
      'node',
      ['scripts/admin.ts', 'keys', 'rotate', '--batch', '2'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: t.databaseUrl,
          DATA_DIR: t.config.dataDir,
          JOURNAL_KEY_FILE: keyFile,
          ...TEST_SECRETS,
        },
      },
    );
    expect(stdout).toMatch(/added key \S+ and made it active/);
    const active = /added key (\S+)/.exec(stdout)?.[1];
    const stale = await t.db
      .selectFrom('journal_data_keys')
      .select('user_id')
      .where('kek_id', '<>', active ?? '')
      .execute();
    expect(stale).toEqual([]);
    const res = await t.api('GET', `/api/journal/entries/${entry.id}`, { token: u.token });
    expect(res.body.content).toBe('read me after the CLI rotation');
  });
});

describe('the first journal writes of a new user', () => {
  it('share one data key when they race: every parallel first write is stored and reads back', async () => {
    const { token, user } = await t.signup();
    const contents = Array.from({ length: 8 }, (_, i) => `first write ${i}`);
    const created = await Promise.all(
      contents.map((content) => t.api('POST', '/api/journal', { token, body: { content, timestamp: NOW } })),
    );
    expect(created.map((res) => res.status)).toEqual(contents.map(() => 201));
    const keys = await t.db
      .selectFrom('journal_data_keys')
      .select('user_id')
      .where('user_id', '=', user.id)
      .execute();
    expect(keys).toHaveLength(1);
    const read = await Promise.all(
      created.map((res) => t.api('GET', `/api/journal/entries/${res.body.id}`, { token })),
    );
    expect(read.map((res) => res.body.content)).toEqual(contents);
  });
});

describe('BOLA: journal entries', () => {
  it("gives user B 404 and no data for A's entry, including DELETE", async () => {
    const a = await t.signup();
    const b = await t.signup();
    const entry = await write(a.token, 'only for A');
    // B's own older entry is what an unscoped cursor (A's entry's time) would let through.
    const own = await write(b.token, 'only for B', { timestamp: '2026-03-09T12:00:00.000Z' });
    const read = await t.api('GET', `/api/journal/entries/${entry.id}`, { token: b.token });
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain('only for A');
    expect((await t.api('DELETE', `/api/journal/entries/${entry.id}`, { token: b.token })).status).toBe(404);
    const listB = await t.api('GET', '/api/journal/entries', { token: b.token });
    expect(listB.body.map((e: { id: string }) => e.id)).toEqual([own.id]);
    expect((await t.api('GET', `/api/journal/entries?cursor=${entry.id}`, { token: b.token })).body).toEqual(
      [],
    );
    expect((await t.api('GET', `/api/journal/entries/${entry.id}`, { token: a.token })).body.content).toBe(
      'only for A',
    );
  });
});

describe('GET /api/journal/insights', () => {
  it('403 PREMIUM_REQUIRED, then 403 CONSENT_REQUIRED, then gentle insights; nothing is stored; withdrawal stops it', async () => {
    const { token, user } = await t.signup();
    const forbidden = await t.api('GET', '/api/journal/insights', { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.reason).toBe('PREMIUM_REQUIRED');

    await t.core.users.setRole(user.username, 'premium', true);
    const noConsent = await t.api('GET', '/api/journal/insights', { token });
    expect(noConsent.status).toBe(403);
    expect(noConsent.body.reason).toBe('CONSENT_REQUIRED');

    // Two weeks of entries on alternate days (work stress), check-ins every day: higher anxiety on journal days.
    for (let day = 1; day <= 14; day++) {
      const timestamp = new Date(Date.parse('2026-02-24T09:00:00Z') + day * 86_400_000).toISOString();
      const journaled = day % 2 === 0;
      await t.api('POST', '/api/checkin', {
        token,
        body: { anxiety_level: journaled ? 7 : 3, triggers: [], timestamp },
      });
      if (journaled)
        await write(token, 'Work was stressful and the deadline worries me, I feel terrible', { timestamp });
    }
    const optIn = await t.api('PUT', '/api/user/settings', {
      token,
      body: { journal_insights_opt_in: true },
    });
    expect(optIn.body.journal_insights_opt_in).toBe(true);

    const rowCount = async () =>
      (
        await sql<{ total: number }>`
        SELECT (SELECT count(*) FROM journal_entries) + (SELECT count(*) FROM journal_data_keys)
             + (SELECT count(*) FROM checkins) + (SELECT count(*) FROM user_settings) + (SELECT count(*) FROM users)
             + (SELECT count(*) FROM cbt_entries) + (SELECT count(*) FROM interaction_logs)
             + (SELECT count(*) FROM content_items) AS total`.execute(t.db)
      ).rows[0]?.total;
    const beforeRows = await rowCount();

    const res = await t.api('GET', '/api/journal/insights', { token });
    expect(res.status).toBe(200);
    const text = res.body.insights.join('\n');
    expect(text).toMatch(/Work came up in 7 of your last 7 entries/);
    expect(text).toMatch(/On days you journaled, your check-ins averaged 4\.0 points higher anxiety/);
    expect(text).toMatch(/not a diagnosis/);
    expect(text).not.toMatch(/disorder|depress|diagnos(?!is\.)/i);
    expect(await rowCount()).toBe(beforeRows);

    const withdraw = await t.api('PUT', '/api/user/settings', {
      token,
      body: { journal_insights_opt_in: false },
    });
    expect(withdraw.body.journal_insights_opt_in).toBe(false);
    const after = await t.api('GET', '/api/journal/insights', { token });
    expect(after.status).toBe(403);
    expect(after.body.reason).toBe('CONSENT_REQUIRED');
    expect(await rowCount()).toBe(beforeRows);
  });
});
