import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const PACK = fileURLToPath(new URL('../../../content', import.meta.url));
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let scratch: string;
let ids: Record<string, string>;
let boxBreathing: Buffer;

async function raw(url: string, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.rawPayload };
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wbn-content-api-'));
  t = await createTestApp({ env: { MEDIA_DIR: path.join(scratch, 'media') } });
  await t.core.contentLoader.load(PACK);
  const rows = await t.db.selectFrom('content_items').select(['id', 'slug']).execute();
  ids = Object.fromEntries(rows.map((row) => [row.slug, row.id]));
  boxBreathing = await readFile(path.join(PACK, 'audio', 'box-breathing.ogg'));
});
afterAll(async () => {
  await t?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('GET /api/content/modules', () => {
  it('lists { id, title, description, type } bounded by the default limit, and wins over /content/{id}', async () => {
    const res = await t.api('GET', '/api/content/modules');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(20);
    expect(res.body[0]).toEqual({
      id: expect.any(String),
      slug: expect.any(String),
      title: expect.any(String),
      description: expect.any(String),
      type: 'article',
      crisis_resources: expect.any(Boolean),
      has_audio: false,
    });
  });

  it('filters by ?type= and pages with limit and offset', async () => {
    const modules = await t.api('GET', '/api/content/modules?type=module');
    expect(modules.body.map((m: { type: string }) => m.type)).toEqual(Array(6).fill('module'));
    const tips = await t.api('GET', '/api/content/modules?type=tip&limit=100');
    expect(tips.body).toHaveLength(30);
    expect(tips.body.every((tip: { description: unknown }) => tip.description === null)).toBe(true);
    const page = await t.api('GET', '/api/content/modules?type=tip&limit=10&offset=25');
    expect(page.body.map((tip: { id: string }) => tip.id)).toEqual(
      tips.body.slice(25).map((tip: { id: string }) => tip.id),
    );
  });

  it('refuses an unknown type and a limit over 100 with 400 naming the field', async () => {
    const badType = await t.api('GET', '/api/content/modules?type=podcast');
    expect(badType.status).toBe(400);
    expect(badType.body).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'type' }] });
    const badLimit = await t.api('GET', '/api/content/modules?limit=101');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.issues[0].path).toBe('limit');
  });

  it('carries ETag and Cache-Control, and answers If-None-Match with an empty 304', async () => {
    const first = await raw('/api/content/modules?type=exercise');
    expect(first.status).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');

    const again = await raw('/api/content/modules?type=exercise', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers.etag).toBe(etag);
    expect(
      (await raw('/api/content/modules?type=exercise', { 'if-none-match': `"x", W/${etag}` })).status,
    ).toBe(304);
    // Another query is another representation with another tag.
    const other = await raw('/api/content/modules?type=tip', { 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('changes the ETag as soon as the loader changes content (the cached list is invalidated)', async () => {
    const before = await raw('/api/content/modules?type=module');
    const dir = await mkdtemp(path.join(scratch, 'pack-'));
    await cp(PACK, dir, { recursive: true });
    const file = path.join(dir, 'modules', 'sleep-and-rest.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: Rest, gently'));
    expect(await t.core.contentLoader.load(dir)).toMatchObject({ updated: 1 });

    const after = await raw('/api/content/modules?type=module', {
      'if-none-match': String(before.headers.etag),
    });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(JSON.parse(after.body.toString()).map((m: { title: string }) => m.title)).toContain(
      'Rest, gently',
    );

    await t.core.contentLoader.load(PACK);
    const restored = await raw('/api/content/modules?type=module', {
      'if-none-match': String(before.headers.etag),
    });
    expect(restored.status).toBe(304);
  });
});

describe('GET /api/content/{id}', () => {
  it('returns { id, title, type, content_structure, media_urls } for an exercise with audio', async () => {
    const res = await t.api('GET', `/api/content/${ids['box-breathing']}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids['box-breathing'],
      title: 'Box breathing',
      type: 'exercise',
      crisis_resources: true,
      content_structure: {
        duration_minutes: 2,
        steps: expect.arrayContaining([{ text: 'Hold gently.', seconds: 4 }]),
      },
      media_urls: { audio: `${t.config.publicUrl}/api/content/audio/${ids['box-breathing']}` },
    });
    expect(res.headers.etag).toMatch(/^"[\w-]{32}"$/);
    expect((await raw(`/api/content/${ids['box-breathing']}`)).headers.etag).toBe(res.headers.etag);
  });

  it('omits media_urls for items without media and answers If-None-Match with 304', async () => {
    const res = await raw(`/api/content/${ids['understanding-anxiety']}`);
    const body = JSON.parse(res.body.toString());
    expect(body.content_structure.sections.length).toBeGreaterThanOrEqual(4);
    expect(body).not.toHaveProperty('media_urls');
    const again = await raw(`/api/content/${ids['understanding-anxiety']}`, {
      'if-none-match': String(res.headers.etag),
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an unknown id and 400 for a malformed one, with the canonical error body', async () => {
    const unknown = await t.api('GET', `/api/content/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: 'Content item not found' });
    const malformed = await t.api('GET', '/api/content/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'id' }] });
  });
});

describe('GET /api/content/audio/{id}', () => {
  const url = () => `/api/content/audio/${ids['box-breathing']}`;

  it('streams the whole file with Content-Type, Content-Length, Accept-Ranges and ETag', async () => {
    const res = await raw(url());
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'audio/ogg',
      'content-length': String(boxBreathing.length),
      'accept-ranges': 'bytes',
      etag: expect.stringMatching(/^"[0-9a-f]{64}"$/),
    });
    expect(res.body.equals(boxBreathing)).toBe(true);
  });

  it.each([
    ['the first bytes', 'bytes=0-99', 0, 99],
    ['a middle slice', 'bytes=1000-1999', 1000, 1999],
    ['a suffix', 'bytes=-500', 94402 - 500, 94401],
    ['an open end', 'bytes=94000-', 94000, 94401],
    ['an end past the size (clamped)', 'bytes=94400-99999', 94400, 94401],
  ])('answers a Range for %s with 206 and exactly those bytes', async (_label, range, start, end) => {
    expect(boxBreathing.length).toBe(94402);
    const res = await raw(url(), { range });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/94402`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expect(res.headers['content-type']).toBe('audio/ogg');
    expect(res.body.equals(boxBreathing.subarray(start, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable Range with 416 and Content-Range: bytes */size', async () => {
    const res = await raw(url(), { range: 'bytes=94402-' });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */94402');
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
  });

  it('serves the whole file for a malformed Range or a stale If-Range, and 304 for If-None-Match', async () => {
    const malformed = await raw(url(), { range: 'bytes=abc' });
    expect(malformed.status).toBe(200);
    expect(malformed.body.length).toBe(94402);
    const full = await raw(url());
    const etag = String(full.headers.etag);
    const stale = await raw(url(), { range: 'bytes=0-9', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
    const current = await raw(url(), { range: 'bytes=0-9', 'if-range': etag });
    expect(current.status).toBe(206);
    const notModified = await raw(url(), { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toHaveLength(0);
  });

  it('answers 404 for an item without audio and an unknown id, 400 for a malformed id', async () => {
    const noAudio = await raw(`/api/content/audio/${ids['tip-cant-sleep']}`);
    expect(noAudio.status).toBe(404);
    expect(JSON.parse(noAudio.body.toString())).toEqual({ code: 'NOT_FOUND', message: 'Audio not found' });
    expect((await raw(`/api/content/audio/${UNKNOWN_ID}`)).status).toBe(404);
    const malformed = await raw('/api/content/audio/12345');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString())).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'id' }],
    });
  });

  it('is documented in the OpenAPI document next to the generated content routes', async () => {
    const doc = await t.api('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/content/modules', '/content/{id}', '/content/audio/{id}']),
    );
    expect(doc.body.paths['/content/audio/{id}'].get.responses).toHaveProperty('206');
  });
});

describe('with a CDN in front of the media', () => {
  let cdn: TestApp;
  beforeAll(async () => {
    cdn = await createTestApp({
      env: {
        MEDIA_DIR: path.join(scratch, 'media-cdn'),
        MEDIA_CDN_BASE_URL: 'https://cdn.example.org/media/',
      },
    });
    await cdn.core.contentLoader.load(PACK);
  });
  afterAll(async () => cdn?.close());

  it('points media_urls at the CDN and redirects the audio route there with 302', async () => {
    const [row] = await cdn.db
      .selectFrom('content_items')
      .select(['id', 'media_url'])
      .where('slug', '=', 'box-breathing')
      .execute();
    const item = await cdn.api('GET', `/api/content/${row?.id}`);
    expect(item.body.media_urls.audio).toBe(`https://cdn.example.org/media/${row?.media_url}`);
    const res = await cdn.app.inject({ method: 'GET', url: `/api/content/audio/${row?.id}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`https://cdn.example.org/media/${row?.media_url}`);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
