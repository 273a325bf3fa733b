import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaConfig } from '../config.ts';
import { assertSafeKey, type ByteRange, MediaNotFoundError, type MediaStorage } from './media-storage.ts';

export type S3StorageOptions = MediaConfig['s3'] & { cdnBaseUrl?: string | undefined };

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, R2, ...). Clients fetch objects straight from
 * the CDN when one is configured, otherwise through a short-lived presigned GET URL; the API never
 * proxies the bytes.
 */
export function createS3MediaStorage(options: S3StorageOptions): MediaStorage {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const Bucket = options.bucket;

  return {
    driver: 's3',

    async put(key, body, contentType) {
      assertSafeKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          // Content-addressed keys never change, so caches may keep them for good.
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },

    async delete(key) {
      assertSafeKey(key);
      // S3 answers 204 whether or not the key existed.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async exists(key) {
      assertSafeKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (error instanceof NotFound || error instanceof NoSuchKey) return false;
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
          return false;
        throw error;
      }
    },

    async read(key: string, range?: ByteRange): Promise<Readable> {
      assertSafeKey(key);
      try {
        const result = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: key,
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        if (!(result.Body instanceof Readable))
          throw new Error('S3 returned a body that is not a Node stream');
        return result.Body;
      } catch (error) {
        if (error instanceof NoSuchKey) throw new MediaNotFoundError(key);
        throw error;
      }
    },

    async directUrl(key) {
      assertSafeKey(key);
      if (options.cdnBaseUrl) return `${options.cdnBaseUrl}/${key}`;
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), {
        expiresIn: options.presignTtlSeconds,
      });
    },

    close() {
      client.destroy();
    },
  };
}
