import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSafeKey, type ByteRange, MediaNotFoundError, type MediaStorage } from './media-storage.ts';

/** Media in a directory (by default <DATA_DIR>/media). The API streams it, or redirects to a CDN in front of it. */
export function createLocalMediaStorage(options: {
  dir: string;
  cdnBaseUrl?: string | undefined;
}): MediaStorage {
  const root = path.resolve(options.dir);
  const fileOf = (key: string) => {
    assertSafeKey(key);
    return path.join(root, ...key.split('/'));
  };

  return {
    driver: 'local',

    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees half a file under the final name.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, body);
      await rename(temporary, file);
    },

    async exists(key) {
      try {
        return (await stat(fileOf(key))).isFile();
      } catch {
        return false;
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },

    async read(key: string, range?: ByteRange): Promise<Readable> {
      const file = fileOf(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MediaNotFoundError(key);
        throw error;
      }
      // The stream owns the handle and closes it when done or destroyed.
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    async directUrl(key) {
      assertSafeKey(key);
      return options.cdnBaseUrl ? `${options.cdnBaseUrl}/${key}` : undefined;
    },

    close() {},
  };
}
