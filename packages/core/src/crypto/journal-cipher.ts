import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JournalKeyring } from './journal-keyring.ts';

/**
 * Envelope encryption for journal content (brief §4).
 *
 * Each user has one random 256-bit data key (DEK), stored only wrapped by a key-encryption key
 * (KEK) from the keyring. Entries are AES-256-GCM under the DEK with a random 96-bit nonce, and the
 * associated data binds the ciphertext to its user and entry id, so a blob copied onto another row
 * (or another user's row) does not open.
 *
 * Entry bytes:   version(1)=0x01 | dek key_id(16, uuid) | nonce(12) | ciphertext | tag(16)
 * Wrapped DEK:   version(1)=0x01 | nonce(12) | ciphertext(32) | tag(16)   (KEK id in its row)
 *
 * Every failure (bad version, wrong key, tampered byte, swapped row) raises the same generic
 * JournalCipherError: callers learn nothing about which check failed.
 */

const FORMAT_V1 = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const DEK_BYTES = 32;
const UUID_BYTES = 16;
const ENTRY_HEADER = 1 + UUID_BYTES + NONCE_BYTES;

export class JournalCipherError extends Error {
  override name = 'JournalCipherError';
  constructor() {
    super('journal content could not be decrypted');
  }
}

export interface DataKey {
  /** journal_data_keys.key_id: which DEK an entry was written under. */
  keyId: string;
  key: Buffer;
}

export interface WrappedDataKey {
  keyId: string;
  kekId: string;
  wrapped: Buffer;
}

const uuidBytes = (uuid: string): Buffer => {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new JournalCipherError();
  return Buffer.from(hex, 'hex');
};

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): { nonce: Buffer; body: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, body };
}

function open(key: Buffer, nonce: Buffer, body: Buffer, aad: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new JournalCipherError();
  }
}

const dekAad = (userId: string, keyId: string, kekId: string) =>
  Buffer.concat([Buffer.from('wbn-journal-dek\0'), uuidBytes(userId), uuidBytes(keyId), Buffer.from(kekId)]);

const entryAad = (userId: string, entryId: string, keyId: string) =>
  Buffer.concat([
    Buffer.from('wbn-journal-entry\0'),
    Buffer.of(FORMAT_V1),
    uuidBytes(keyId),
    uuidBytes(userId),
    uuidBytes(entryId),
  ]);

/** Data exports: a separate domain, so an export file and a journal entry can never stand in for each other. */
const fileAad = (userId: string, fileId: string, keyId: string) =>
  Buffer.concat([
    Buffer.from('wbn-export-file\0'),
    Buffer.of(FORMAT_V1),
    uuidBytes(keyId),
    uuidBytes(userId),
    uuidBytes(fileId),
  ]);

/** version | dek key_id | nonce | ciphertext | tag, as for entries. */
function sealBlob(dek: DataKey, plaintext: Buffer, aad: Buffer): Buffer {
  const { nonce, body } = seal(dek.key, plaintext, aad);
  return Buffer.concat([Buffer.of(FORMAT_V1), uuidBytes(dek.keyId), nonce, body]);
}

function openBlob(dek: DataKey, blob: Buffer, aad: Buffer): Buffer {
  if (blob.length < ENTRY_HEADER + TAG_BYTES || blob[0] !== FORMAT_V1) throw new JournalCipherError();
  if (!blob.subarray(1, 1 + UUID_BYTES).equals(uuidBytes(dek.keyId))) throw new JournalCipherError();
  return open(dek.key, blob.subarray(1 + UUID_BYTES, ENTRY_HEADER), blob.subarray(ENTRY_HEADER), aad);
}

export function createJournalCipher(keyring: JournalKeyring) {
  function wrap(userId: string, dek: DataKey, kekId = keyring.activeKekId()): WrappedDataKey {
    const kek = keyring.kek(kekId);
    if (!kek) throw new JournalCipherError();
    const { nonce, body } = seal(kek, dek.key, dekAad(userId, dek.keyId, kekId));
    return { keyId: dek.keyId, kekId, wrapped: Buffer.concat([Buffer.of(FORMAT_V1), nonce, body]) };
  }

  function unwrap(userId: string, stored: WrappedDataKey): DataKey {
    const kek = keyring.kek(stored.kekId);
    const blob = stored.wrapped;
    if (!kek || blob.length !== 1 + NONCE_BYTES + DEK_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1) {
      throw new JournalCipherError();
    }
    const key = open(
      kek,
      blob.subarray(1, 1 + NONCE_BYTES),
      blob.subarray(1 + NONCE_BYTES),
      dekAad(userId, stored.keyId, stored.kekId),
    );
    return { keyId: stored.keyId, key };
  }

  return {
    /** A fresh DEK for a user, and its wrapped form for the database. */
    newDataKey(userId: string, keyId: string): { dek: DataKey; wrapped: WrappedDataKey } {
      const dek = { keyId, key: randomBytes(DEK_BYTES) };
      return { dek, wrapped: wrap(userId, dek) };
    },
    unwrap,
    /** Re-wraps a stored DEK under the active KEK (rotation); the DEK itself, and so every entry, is unchanged. */
    rewrap(userId: string, stored: WrappedDataKey): WrappedDataKey {
      return wrap(userId, unwrap(userId, stored));
    },
    activeKekId: () => keyring.activeKekId(),

    encrypt(dek: DataKey, ids: { userId: string; entryId: string }, plaintext: string): Buffer {
      return sealBlob(dek, Buffer.from(plaintext, 'utf8'), entryAad(ids.userId, ids.entryId, dek.keyId));
    },

    /** A whole file (a data export) under the user's DEK, bound to the user and the file's id. */
    encryptFile(dek: DataKey, ids: { userId: string; fileId: string }, bytes: Buffer): Buffer {
      return sealBlob(dek, bytes, fileAad(ids.userId, ids.fileId, dek.keyId));
    },

    decryptFile(dek: DataKey, ids: { userId: string; fileId: string }, blob: Buffer): Buffer {
      return openBlob(dek, blob, fileAad(ids.userId, ids.fileId, dek.keyId));
    },

    /** The DEK key_id an entry was written under, read from its header (not trusted: the AAD checks it). */
    entryKeyId(blob: Buffer): string {
      if (blob.length < ENTRY_HEADER + TAG_BYTES || blob[0] !== FORMAT_V1) throw new JournalCipherError();
      const hex = blob.subarray(1, 1 + UUID_BYTES).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },

    decrypt(dek: DataKey, ids: { userId: string; entryId: string }, blob: Buffer): string {
      return openBlob(dek, blob, entryAad(ids.userId, ids.entryId, dek.keyId)).toString('utf8');
    },
  };
}
export type JournalCipher = ReturnType<typeof createJournalCipher>;
