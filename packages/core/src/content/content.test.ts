import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisVersionedCache } from '../cache/versioned-cache.ts';
import { AppError } from '../errors.ts';
import { createLocalMediaStorage } from '../storage/local.storage.ts';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import { createContentLoader } from './content.loader.ts';
import { createContentRepository } from './content.repository.ts';
import { createContentService } from './content.service.ts';

const PACK = fileURLToPath(new URL('../../../../content', import.meta.url));

let t: TestRuntime;
let scratch: string;
let redis: TestRedis;

/** A copy of the real pack that a test may break or edit. */
async function packCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'pack-'));
  await cp(PACK, dir, { recursive: true });
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  const before = await readFile(full, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(full, after);
}

/** Every row with its physical version (xmin): a row rewritten with equal values still changes xmin. */
const snapshot = () =>
  sql<Record<string, unknown>>`SELECT xmin::text AS xmin, * FROM content_items ORDER BY slug`
    .execute(t.db)
    .then((r) => r.rows);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wbn-content-'));
  t = await createTestRuntime({ env: { MEDIA_DIR: path.join(scratch, 'media') } });
  redis = await startTestRedis();
});
// Tests on the loaded pack start from exactly the pack, whatever ran before them.
beforeEach(async () => {
  await t.core.contentLoader.load(PACK);
});
afterAll(async () => {
  await t?.close();
  if (redis?.url) await redis.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** A runtime of its own whose content table is empty (the shared one holds the pack). */
async function withEmptyContent(test: (empty: TestRuntime) => Promise<void>): Promise<void> {
  const empty = await createTestRuntime();
  try {
    await test(empty);
  } finally {
    await empty.close();
  }
}

async function expectWholePack(runtime: TestRuntime): Promise<void> {
  const counts = await runtime.db
    .selectFrom('content_items')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('type')
    .execute();
  expect(Object.fromEntries(counts.map((c) => [c.type, Number(c.n)]))).toEqual({
    module: 6,
    article: 8,
    exercise: 6,
    tip: 30,
    prompt: 20,
  });
  const audio = await readdir(path.join(runtime.config.media.localDir, 'audio'));
  expect(audio).toHaveLength(5);
  expect(audio.some((name) => /^box-breathing\.[0-9a-f]{16}\.ogg$/.test(name))).toBe(true);
}

describe('content loader', () => {
  it('refuses an unusable pack folder without writing anything', () =>
    withEmptyContent(async (empty) => {
      await expect(empty.core.contentLoader.load(path.join(scratch, 'missing'))).rejects.toThrow(/not found/);
      expect(await empty.db.selectFrom('content_items').selectAll().execute()).toEqual([]);
    }));

  it('loads the whole pack, media included, on an empty table', () =>
    withEmptyContent(async (empty) => {
      const result = await empty.core.contentLoader.loadIfEmpty(PACK);
      expect(result).toEqual({ created: 70, updated: 0, unchanged: 0, media_uploaded: 5 });
      await expectWholePack(empty);
    }));

  it('changes nothing when the same pack is loaded again: no row, no object, no updated_at', async () => {
    const before = await snapshot();
    t.clock.advance(60_000);
    expect(await t.core.contentLoader.load(PACK)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 70,
      media_uploaded: 0,
    });
    expect(await snapshot()).toEqual(before);
    expect(await t.core.contentLoader.loadIfEmpty(PACK)).toBeUndefined();
  });

  it('updates only the edited item, in place (same id), and bumps only its updated_at', async () => {
    const dir = await packCopy();
    await edit(dir, 'tips/tip-feelings-pass.yaml', (text) =>
      text.replace(/^title: .*$/m, 'title: Feelings pass, slowly'),
    );
    const before = await snapshot();
    t.clock.advance(60_000);
    expect(await t.core.contentLoader.load(dir)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 69,
      media_uploaded: 0,
    });
    const after = await snapshot();
    const changed = after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      slug: 'tip-feelings-pass',
      title: 'Feelings pass, slowly',
      updated_at: t.clock.now(),
    });
    expect(changed[0]?.id).toBe(before.find((row) => row.slug === 'tip-feelings-pass')?.id);
    await t.core.contentLoader.load(PACK); // back to the real pack for the tests below
  });

  it('rejects bad items naming the file and the field, and leaves the table exactly as it was', async () => {
    const dir = await packCopy();
    // A valid change that must NOT be applied because other files are wrong: nothing half loaded.
    await edit(dir, 'tips/tip-drink-some-water.yaml', (text) =>
      text.replace(/^title: .*$/m, 'title: Water break'),
    );
    await edit(dir, 'modules/sleep-and-rest.yaml', (text) => text.replace(/- heading: /, '- headline: '));
    await edit(dir, 'tips/tip-move-a-little.yaml', (text) =>
      text.replace(/^title: .*$/m, `title: ${'Long '.repeat(10)}`),
    );
    await edit(dir, 'exercises/box-breathing.yaml', (text) =>
      text.replace('audio/box-breathing.ogg', 'audio/nope.ogg'),
    );
    await edit(dir, 'articles/the-worry-cycle.yaml', (text) => text.replace('type: article', 'type: tip'));
    await edit(dir, 'prompts/prompt-values.yaml', (text) => `${text}\n  bad: [unclosed\n`);
    const before = await snapshot();

    const error = await t.core.contentLoader.load(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('VALIDATION');
    const paths = appError.issues?.map((issue) => issue.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'modules/sleep-and-rest.yaml: body.sections.0.heading',
        'modules/sleep-and-rest.yaml: body.sections.0',
        'tips/tip-move-a-little.yaml: title',
        'exercises/box-breathing.yaml: audio',
        'prompts/prompt-values.yaml: (yaml)',
      ]),
    );
    // The wrong type is caught too: a tip-shaped schema does not fit an article's body.
    expect(paths.some((p) => p.startsWith('articles/the-worry-cycle.yaml: '))).toBe(true);
    expect(appError.message).toContain('tips/tip-move-a-little.yaml: title: ');
    expect(appError.message).toContain('exercises/box-breathing.yaml: audio: file audio/nope.ogg not found');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses audio whose length does not match the steps, and a slug that is not the file name', async () => {
    const dir = await packCopy();
    await edit(dir, 'exercises/box-breathing.yaml', (text) => text.replace('seconds: 15', 'seconds: 45'));
    await edit(dir, 'tips/tip-cant-sleep.yaml', (text) =>
      text.replace('slug: tip-cant-sleep', 'slug: tip-cannot-sleep'),
    );
    const failure = t.core.contentLoader.load(dir);
    await expect(failure).rejects.toThrow(
      /exercises\/box-breathing\.yaml: audio: audio\/box-breathing\.ogg plays 105\.0 s but the steps add up to 135 s/,
    );
    await expect(failure).rejects.toThrow(/tips\/tip-cant-sleep\.yaml: slug: must equal the file name/);
  });
});

describe('content service', () => {
  it('lists bounded pages in a stable order, filtered by type', async () => {
    const tips = await t.core.content.list({ type: 'tip', limit: 100, offset: 0 });
    expect(tips).toHaveLength(30);
    expect(tips.every((item) => item.type === 'tip')).toBe(true);
    const page1 = await t.core.content.list({ type: 'tip', limit: 20, offset: 0 });
    const page2 = await t.core.content.list({ type: 'tip', limit: 20, offset: 20 });
    expect([...page1, ...page2].map((i) => i.id)).toEqual(tips.map((i) => i.id));
    const exercises = await t.core.content.list({ type: 'exercise', limit: 20, offset: 0 });
    expect(
      exercises
        .filter((e) => e.has_audio)
        .map((e) => e.slug)
        .sort(),
    ).toEqual([
      'body-scan-short',
      'box-breathing',
      'breathing-4-7-8',
      'grounding-5-4-3-2-1',
      'progressive-muscle-relaxation-short',
    ]);
  });

  it('serves lists from the cache until the loader changes content', async () => {
    const first = await t.core.content.list({ type: 'module', limit: 20, offset: 0 });
    // Change the table behind the cache's back: a cached list does not see it...
    await t.db
      .updateTable('content_items')
      .set({ title: 'Changed directly' })
      .where('slug', '=', 'reaching-out')
      .execute();
    expect(await t.core.content.list({ type: 'module', limit: 20, offset: 0 })).toEqual(first);
    // ...and a load that changes something invalidates every cached list at once.
    const dir = await packCopy();
    await edit(dir, 'modules/thought-records.yaml', (text) =>
      text.replace(/^title: .*$/m, 'title: Thought records, gently'),
    );
    await t.core.contentLoader.load(dir);
    const titles = (await t.core.content.list({ type: 'module', limit: 20, offset: 0 })).map((m) => m.title);
    expect(titles).toContain('Thought records, gently');
    // The loader compares what it wrote before (content_hash), so it leaves the direct edit alone.
    expect(titles).toContain('Changed directly');
    await t.db
      .updateTable('content_items')
      .set({ title: 'Reaching out' })
      .where('slug', '=', 'reaching-out')
      .execute();
    await t.core.contentLoader.load(PACK);
  });

  it('shares the cache through Redis: a load in one process invalidates lists cached by another', async (context) => {
    if ('missing' in redis) return context.skip(redis.missing);
    const REDIS_URL = redis.url;
    const namespace = `test-${randomBytes(6).toString('hex')}`;
    const contents = createContentRepository();
    const storage = createLocalMediaStorage({ dir: path.join(scratch, 'media') });
    const processA = createRedisVersionedCache({
      url: REDIS_URL,
      ttlSeconds: 300,
      logger: t.logger,
      namespace,
    });
    const processB = createRedisVersionedCache({
      url: REDIS_URL,
      ttlSeconds: 300,
      logger: t.logger,
      namespace,
    });
    const base = { db: t.db, contents, storage, publicUrl: 'http://api.test', cdnBaseUrl: undefined };
    const apiA = createContentService({ ...base, cache: processA });
    const loaderB = createContentLoader({
      db: t.db,
      clock: t.clock,
      logger: t.logger,
      storage,
      cache: processB,
      contents,
    });
    try {
      const cached = await apiA.list({ type: 'prompt', limit: 100, offset: 0 });
      await t.db
        .updateTable('content_items')
        .set({ title: 'Behind the cache' })
        .where('id', '=', cached[0]?.id ?? '')
        .execute();
      expect(await apiA.list({ type: 'prompt', limit: 100, offset: 0 })).toEqual(cached);

      const dir = await packCopy();
      await edit(dir, 'modules/sleep-and-rest.yaml', (text) =>
        text.replace(/^title: .*$/m, 'title: Sleep and rest, kindly'),
      );
      expect((await loaderB.load(dir)).updated).toBe(1);
      // Process A now reads through to the table and sees what is really there.
      const fresh = await apiA.list({ type: 'prompt', limit: 100, offset: 0 });
      expect(fresh.find((p) => p.id === cached[0]?.id)?.title).toBe('Behind the cache');
      await t.db
        .updateTable('content_items')
        .set({ title: cached[0]?.title ?? '' })
        .where('id', '=', cached[0]?.id ?? '')
        .execute();
    } finally {
      await processA.close();
      await processB.close();
      await t.core.contentLoader.load(PACK);
    }
  });

  it('returns an item with its structure and an audio URL, and 404s unknown ids and ids without audio', async () => {
    const [exercise] = await t.db
      .selectFrom('content_items')
      .select('id')
      .where('slug', '=', 'box-breathing')
      .execute();
    const item = await t.core.content.get(exercise?.id ?? '');
    expect(item).toMatchObject({
      slug: 'box-breathing',
      type: 'exercise',
      crisis_resources: true,
      content_structure: { duration_minutes: 2, steps: expect.any(Array) },
      media_urls: { audio: `${t.config.publicUrl}/api/content/audio/${exercise?.id}` },
    });
    const audio = await t.core.content.audio(exercise?.id ?? '');
    expect(audio).toMatchObject({
      contentType: 'audio/ogg',
      bytes: 94402,
      etag: expect.stringMatching(/^"[0-9a-f]{64}"$/),
    });

    await expect(t.core.content.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const [tip] = await t.db
      .selectFrom('content_items')
      .select('id')
      .where('type', '=', 'tip')
      .limit(1)
      .execute();
    await expect(t.core.content.audio(tip?.id ?? '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
