import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import S3rver from '@20minutes/s3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryVersionedCache } from '../cache/versioned-cache.ts';
import { createContentLoader } from '../content/content.loader.ts';
import { createContentRepository } from '../content/content.repository.ts';
import { createContentService } from '../content/content.service.ts';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import { createMediaStorage, type MediaStorage } from './media-storage.ts';
import { createS3MediaStorage } from './s3.storage.ts';

/**
 * The S3 driver against a real S3-compatible server (s3rver: a local S3 API that checks SigV4
 * signatures, including those of presigned URLs), plus an independent recomputation of the presigned
 * URL's SigV4 signature, so the test does not only trust the SDK and the fake server agreeing.
 */

const PACK = fileURLToPath(new URL('../../../../content', import.meta.url));
const BUCKET = 'wbn-media';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let server: InstanceType<typeof S3rver>;
let endpoint: string;
let scratch: string;
let storage: MediaStorage;
let t: TestRuntime;

const options = () => ({
  bucket: BUCKET,
  endpoint,
  region: 'us-east-1',
  credentials: CREDENTIALS,
  forcePathStyle: true,
  presignTtlSeconds: 600,
});

async function text(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wbn-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: scratch,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  // Through the factory the runtime uses, which imports the AWS SDK on the first call.
  storage = createMediaStorage({ driver: 's3', localDir: scratch, cdnBaseUrl: undefined, s3: options() });
  t = await createTestRuntime();
});
afterAll(async () => {
  storage?.close();
  await t?.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('S3 media storage', () => {
  it('puts, finds, reads whole and by range', async () => {
    const body = Buffer.from('0123456789abcdefghij');
    expect(await storage.exists('audio/test.0001.ogg')).toBe(false);
    await storage.put('audio/test.0001.ogg', body, 'audio/ogg');
    expect(await storage.exists('audio/test.0001.ogg')).toBe(true);
    expect((await text(await storage.read('audio/test.0001.ogg'))).toString()).toBe('0123456789abcdefghij');
    expect((await text(await storage.read('audio/test.0001.ogg', { start: 5, end: 9 }))).toString()).toBe(
      '56789',
    );
    await expect(storage.read('audio/missing.ogg')).rejects.toThrow('audio/missing.ogg');
  });

  it('hands out a presigned GET URL the server accepts, and refuses when it is tampered with', async () => {
    const body = Buffer.from('presigned audio bytes');
    await storage.put('audio/presigned.0002.ogg', body, 'audio/ogg');
    const url = (await storage.directUrl('audio/presigned.0002.ogg')) ?? '';
    expect(url).toMatch(new RegExp(`^${endpoint}/${BUCKET}/audio/presigned\\.0002\\.ogg\\?`));

    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await ok.arrayBuffer()).equals(body)).toBe(true);

    const tampered = new URL(url);
    tampered.pathname = `/${BUCKET}/audio/test.0001.ogg`;
    expect((await fetch(tampered)).status).toBe(403);
    const wrongSecret = createS3MediaStorage({
      ...options(),
      credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' },
    });
    expect((await fetch((await wrongSecret.directUrl('audio/presigned.0002.ogg')) ?? '')).status).toBe(403);
    wrongSecret.close();
  });

  it('signs presigned URLs with SigV4 exactly as recomputed here from the URL alone', async () => {
    const url = new URL((await storage.directUrl('audio/presigned.0002.ogg')) ?? '');
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Expires')).toBe('600');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    const amzDate = q.get('X-Amz-Date') ?? '';
    const [accessKey, date, region, service, terminator] = (q.get('X-Amz-Credential') ?? '').split('/');
    expect([accessKey, region, service, terminator]).toEqual(['S3RVER', 'us-east-1', 's3', 'aws4_request']);

    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    const rfc3986 = (s: string) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const canonicalQuery = [...q.entries()]
      .filter(([key]) => key !== 'X-Amz-Signature')
      .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
      // Sorted by encoded name (code-point order); names are unique, so sorting "name=value" is the same.
      .sort()
      .join('&');
    const canonicalRequest = [
      'GET',
      url.pathname,
      canonicalQuery,
      `host:${url.host}\n`,
      'host',
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const scope = `${date}/us-east-1/s3/aws4_request`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date ?? '');
    for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
    const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
    expect(q.get('X-Amz-Signature')).toBe(expected);
  });

  it('loads the pack into the bucket once, and serves audio as a presigned redirect URL', async () => {
    const contents = createContentRepository();
    const cache = createMemoryVersionedCache({ ttlSeconds: 60 });
    const loader = createContentLoader({
      db: t.db,
      clock: t.clock,
      logger: t.logger,
      storage,
      cache,
      contents,
    });
    expect(await loader.load(PACK)).toMatchObject({ created: 70, media_uploaded: 5 });
    expect(await loader.load(PACK)).toMatchObject({ created: 0, updated: 0, media_uploaded: 0 });

    const service = createContentService({
      db: t.db,
      contents,
      storage,
      cache,
      publicUrl: 'http://api.test',
      cdnBaseUrl: undefined,
    });
    const [row] = await t.db
      .selectFrom('content_items')
      .select('id')
      .where('slug', '=', 'breathing-4-7-8')
      .execute();
    const audio = await service.audio(row?.id ?? '');
    const redirect = (await service.audioRedirectUrl(audio)) ?? '';
    const response = await fetch(redirect, { headers: { range: 'bytes=0-3' } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).toString('latin1')).toBe('OggS');
    const whole = await fetch(redirect);
    expect(
      Buffer.from(await whole.arrayBuffer()).equals(
        await readFile(path.join(PACK, 'audio', 'breathing-4-7-8.ogg')),
      ),
    ).toBe(true);
  });
});
