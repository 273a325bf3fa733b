import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { JournalKeysConfig } from '../config.ts';

/**
 * Key-encryption keys (KEKs) for the journal, held outside the database: in the environment
 * (JOURNAL_KEYS="id:base64url,…" + JOURNAL_ACTIVE_KEY_ID) or in a key file
 * ({ "active": id, "keys": { id: base64url } }, mode 0600). Several ids coexist so data keys wrapped
 * by an older KEK stay readable while `pnpm admin keys rotate` re-wraps them.
 *
 * A running API notices a key file changed by a rotation in another process: unknown ids and every
 * wrap re-check the file, so nothing has to restart and old entries stay readable throughout.
 */

export const KEK_BYTES = 32;

const ZKeyFile = z.object({
  active: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  keys: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.string()),
});
type KeyFile = z.infer<typeof ZKeyFile>;

export class KeyringError extends Error {
  override name = 'KeyringError';
}

export interface JournalKeyring {
  activeKekId(): string;
  /** The KEK with this id, or undefined when no configured key has it. */
  kek(id: string): Buffer | undefined;
  /** Adds a fresh KEK and makes it active (key file only). Returns its id. */
  addKek(): string;
  ids(): string[];
}

function decodeKeys(file: KeyFile): { active: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  for (const [id, encoded] of Object.entries(file.keys)) {
    const key = Buffer.from(encoded, 'base64url');
    if (key.length !== KEK_BYTES)
      throw new KeyringError(`journal key "${id}" must be ${KEK_BYTES} bytes (base64url)`);
    keys.set(id, key);
  }
  if (!keys.has(file.active))
    throw new KeyringError(`active journal key "${file.active}" is not among the keys`);
  return { active: file.active, keys };
}

const newKekId = (now: Date) =>
  `k${now.toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(2).toString('hex')}`;

export function createJournalKeyring(
  config: JournalKeysConfig,
  now: () => Date = () => new Date(),
): JournalKeyring {
  if (config.fromEnv) {
    const { active, keys } = decodeKeys({ active: config.fromEnv.activeKeyId, keys: config.fromEnv.keys });
    return {
      activeKekId: () => active,
      kek: (id) => keys.get(id),
      addKek() {
        throw new KeyringError(
          'journal keys come from JOURNAL_KEYS: add the new key there and set JOURNAL_ACTIVE_KEY_ID on every process, then run `pnpm admin keys rotate --resume`',
        );
      },
      ids: () => [...keys.keys()],
    };
  }

  const file = config.keyFile;
  const readFile = (): KeyFile => ZKeyFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const writeFile = (content: KeyFile) => {
    mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename: a process reading concurrently sees the old file or the new one, never half.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  };
  const stamp = () => {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  };

  try {
    statSync(file);
  } catch {
    if (!config.generateIfMissing)
      throw new KeyringError(`journal key file ${file} is missing (set JOURNAL_KEYS or JOURNAL_KEY_FILE)`);
    const id = newKekId(now());
    writeFile({ active: id, keys: { [id]: randomBytes(KEK_BYTES).toString('base64url') } });
  }

  let loaded = decodeKeys(readFile());
  let loadedStamp = stamp();
  const refresh = () => {
    const current = stamp();
    if (current === loadedStamp) return;
    loaded = decodeKeys(readFile());
    loadedStamp = current;
  };

  return {
    activeKekId() {
      refresh();
      return loaded.active;
    },
    kek(id) {
      if (!loaded.keys.has(id)) refresh();
      return loaded.keys.get(id);
    },
    addKek() {
      const content = readFile();
      const id = newKekId(now());
      writeFile({
        active: id,
        keys: { ...content.keys, [id]: randomBytes(KEK_BYTES).toString('base64url') },
      });
      refresh();
      return id;
    },
    ids() {
      refresh();
      return [...loaded.keys.keys()];
    },
  };
}
