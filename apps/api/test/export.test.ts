import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXPORT_SECTIONS } from '@wbn/core/data-rights/export.sections';
import { waitFor } from '@wbn/core/testing/wait';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ban, login, seedEverything, trpc } from './account-helpers.ts';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
let mediaDir: string;
let stopHandlers: () => Promise<void>;
beforeAll(async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'wbn-export-'));
  mediaDir = path.join(scratch, 'media');
  t = await createTestApp({
    env: { MEDIA_DIR: mediaDir, JOURNAL_KEY_FILE: path.join(scratch, 'keys.json') },
  });
  const worker = createHandlers(t);
  stopHandlers = worker.close;
  await startWorker({ boss: t.boss, logger: t.logger, handlers: worker.handlers });
});
afterAll(async () => {
  await t?.close();
  await stopHandlers?.();
});

async function download(token: string, format: 'zip' | 'json') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/user/export/download?format=${format}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

async function readyExport(token: string) {
  return waitFor(async () => {
    const res = await t.api('GET', '/api/user/export', { token });
    return res.body?.status === 'ready' ? res.body : undefined;
  }, 'the export to be ready');
}

/** Every (table, column) with a foreign key to users, plus users.id itself, from the catalogue. */
async function userReferencingColumns(): Promise<{ table: string; column: string }[]> {
  const result = await sql<{ table: string; column: string }>`
    SELECT cl.relname AS table, a.attname AS column
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = 'public.users'::regclass
    UNION SELECT 'users', 'id'`.execute(t.db);
  return result.rows;
}

describe('the export covers the whole database', () => {
  it('lists every table with a column referencing users (read from the catalogue)', async () => {
    const columns = await userReferencingColumns();
    expect(columns.length).toBeGreaterThan(15);
    const covered = new Set(EXPORT_SECTIONS.map((s) => `${s.table}.${s.userColumn}`));
    const missing = columns.map((c) => `${c.table}.${c.column}`).filter((key) => !covered.has(key));
    expect(missing).toEqual([]);
  });

  it('carries every row of a fully seeded user, journal decrypted, as JSON and as CSVs in the ZIP', async () => {
    const session = await t.signup();
    const { texts } = await seedEverything(t, session);
    const requested = await t.api('POST', '/api/user/export', { token: session.token, body: {} });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'queued', export_version: 1 });
    await readyExport(session.token);
    // Counted before the download, which adds its own activity entry after the snapshot.
    const inDatabase = new Map<string, number>();
    for (const { table, column } of await userReferencingColumns()) {
      const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
        WHERE ${sql.ref(column)} = ${session.user.id}`.execute(t.db);
      inDatabase.set(`${table}.${column}`, counted.rows[0]?.n ?? 0);
    }

    const zip = await download(session.token, 'zip');
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(zip.body));
    const document = JSON.parse(strFromU8(files['export.json'] as Uint8Array));
    expect(document.export_version).toBe(1);
    expect(document.user_id).toBe(session.user.id);
    expect(document.insights_consent).toEqual({ journal_insights_opt_in: false });

    for (const { table, column } of await userReferencingColumns()) {
      const section = EXPORT_SECTIONS.find((s) => s.table === table && s.userColumn === column);
      const inDb = inDatabase.get(`${table}.${column}`) ?? 0;
      const value = document.sections[section?.name ?? ''];
      const exported = value === null || value === undefined ? 0 : Array.isArray(value) ? value.length : 1;
      expect(exported, `${table}.${column}`).toBe(inDb);
      expect(inDb, `${table}.${column} seeded`).toBeGreaterThan(0);
      expect(files[`csv/${section?.name}.csv`], `${section?.name}.csv`).toBeDefined();
    }

    const journal = document.sections.journal_entries.map((e: { content: string }) => e.content).sort();
    expect(journal).toEqual([...texts].sort());
    const csv = strFromU8(files['csv/journal_entries.csv'] as Uint8Array);
    expect(csv).toContain(texts[0]);
    expect(csv).toContain('"second, with ""quotes"", commas\nand lines"');
    // A cell a spreadsheet would run as a formula stays text.
    expect(strFromU8(files['csv/checkins.csv'] as Uint8Array)).not.toMatch(/,=cmd/);
    // Never secrets: no password hash, no token hashes, no wrapped key, no push token.
    const raw = strFromU8(files['export.json'] as Uint8Array);
    for (const secret of ['password_hash', 'token_hash', 'code_hmac', 'wrapped_key', '"token"']) {
      expect(raw).not.toContain(secret);
    }

    const json = await download(session.token, 'json');
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.body.toString('utf8')).sections.journal_entries).toHaveLength(2);
  });
});

describe('stored encrypted, kept 24 hours', () => {
  it('is not plaintext at rest, and is deleted after 24 hours', async () => {
    const session = await t.signup();
    const { texts } = await seedEverything(t, session);
    await t.api('POST', '/api/user/export', { token: session.token, body: {} });
    const ready = await readyExport(session.token);
    const dir = path.join(mediaDir, 'exports', ready.id);
    const stored = await readdir(dir);
    expect(stored.sort()).toEqual(['export.json.enc', 'export.zip.enc']);
    for (const file of stored) {
      const bytes = await readFile(path.join(dir, file));
      expect(bytes.includes(Buffer.from(texts[0] as string))).toBe(false);
      expect(bytes.includes(Buffer.from('export_version'))).toBe(false);
      expect(bytes.includes(Buffer.from('export.json'))).toBe(false); // not even the ZIP's directory
    }

    t.clock.advance(24 * 3_600_000 + 60_000);
    expect(await t.core.exports.purgeExpired()).toBeGreaterThanOrEqual(1);
    await expect(readdir(dir)).resolves.toEqual([]);
    const fresh = (await login(t, session.user.username, STRONG_PASSWORD)).body.token;
    expect((await download(fresh, 'zip')).status).toBe(404);
    expect((await t.api('GET', '/api/user/export', { token: fresh })).body.status).toBe('expired');
  });
});

describe('erasure reaches the stored export', () => {
  it('deleting the journal deletes the export holding it; deleting the account deletes every export', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    await t.api('POST', '/api/user/export', { token: session.token, body: {} });
    const ready = await readyExport(session.token);
    const dir = path.join(mediaDir, 'exports', ready.id);
    expect(await readdir(dir)).toHaveLength(2);
    expect((await t.api('DELETE', '/api/user/data?types=checkins', { token: session.token })).status).toBe(
      200,
    );
    expect(await readdir(dir)).toHaveLength(2);
    expect((await t.api('DELETE', '/api/user/data?types=journal', { token: session.token })).status).toBe(
      200,
    );
    expect(await readdir(dir)).toEqual([]);
    expect((await download(session.token, 'zip')).status).toBe(404);

    const other = await t.signup();
    await t.api('POST', '/api/user/export', { token: other.token, body: {} });
    const otherReady = await readyExport(other.token);
    expect((await t.api('DELETE', '/api/user/profile', { token: other.token })).status).toBe(200);
    expect(await readdir(path.join(mediaDir, 'exports', otherReady.id))).toEqual([]);
  });
});

describe('one export per 24 hours', () => {
  it('refuses a second request with 429 and Retry-After (REST and tRPC)', async () => {
    const { token } = await t.signup();
    expect((await t.api('POST', '/api/user/export', { token, body: {} })).status).toBe(201);
    const again = await t.api('POST', '/api/user/export', { token, body: {} });
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    expect((await trpc(t, 'mutation', 'user.requestExport', { token })).status).toBe(429);
    const status = await trpc(t, 'query', 'user.exportStatus', { token });
    expect(status.data.status).toMatch(/queued|ready/);
  });

  it('queues exactly one job for two concurrent requests', async () => {
    const { token, user } = await t.signup();
    const results = await Promise.all([
      t.api('POST', '/api/user/export', { token, body: {} }),
      trpc(t, 'mutation', 'user.requestExport', { token }),
    ]);
    // One is accepted (REST answers 201, tRPC 200), the other refused.
    expect(results.map((r) => (r.status === 201 ? 200 : r.status)).sort()).toEqual([200, 429]);
    const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'data-export' AND data->>'user_id' = ${user.id}`.execute(t.db);
    expect(jobs.rows[0]?.n).toBe(1);
    const rows = await t.db.selectFrom('data_exports').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('whose export', () => {
  it("serves only the caller's own export: another user gets 404, not someone else's file", async () => {
    const owner = await t.signup();
    await seedEverything(t, owner);
    await t.api('POST', '/api/user/export', { token: owner.token, body: {} });
    await readyExport(owner.token);
    const stranger = await t.signup(uniqueName('stranger'));
    expect((await download(stranger.token, 'zip')).status).toBe(404);
    expect((await t.api('GET', '/api/user/export', { token: stranger.token })).status).toBe(404);
    expect((await download('not-a-token', 'zip')).status).toBe(401);
  });

  it('stays open to a banned person (a ban never takes away their data)', async () => {
    const session = await t.signup();
    await seedEverything(t, session);
    await ban(t, session.user.id);
    expect((await t.api('GET', '/api/user/profile', { token: session.token })).status).toBe(403);
    expect((await t.api('POST', '/api/user/export', { token: session.token, body: {} })).status).toBe(201);
    await readyExport(session.token);
    expect((await download(session.token, 'zip')).status).toBe(200);
  });
});
