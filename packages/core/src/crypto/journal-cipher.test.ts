import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createJournalCipher, JournalCipherError } from './journal-cipher.ts';
import { createJournalKeyring, KeyringError } from './journal-keyring.ts';

const keyFile = () => path.join(inject('runDir'), `keys-${randomUUID()}`, 'journal-keys.json');
const fileKeyring = (file = keyFile()) =>
  createJournalKeyring({ keyFile: file, fromEnv: undefined, generateIfMissing: true });

function setup() {
  const cipher = createJournalCipher(fileKeyring());
  const userId = randomUUID();
  const { dek, wrapped } = cipher.newDataKey(userId, randomUUID());
  return { cipher, userId, dek, wrapped };
}

describe('journal cipher', () => {
  it('round-trips text, and the same text twice gives different ciphertexts without the plaintext inside', () => {
    const { cipher, userId, dek } = setup();
    const entryId = randomUUID();
    const text = 'Ich hatte heute Angst vor dem Treffen — 😟 but it went fine';
    const one = cipher.encrypt(dek, { userId, entryId }, text);
    const two = cipher.encrypt(dek, { userId, entryId }, text);
    expect(one.equals(two)).toBe(false);
    expect(one.includes(Buffer.from('Treffen'))).toBe(false);
    expect(one[0]).toBe(0x01);
    expect(cipher.entryKeyId(one)).toBe(dek.keyId);
    expect(cipher.decrypt(dek, { userId, entryId }, one)).toBe(text);
    expect(cipher.decrypt(dek, { userId, entryId }, two)).toBe(text);
  });

  it('fails closed with one generic error on any flipped byte, another entry id, another user or another key', () => {
    const { cipher, userId, dek } = setup();
    const entryId = randomUUID();
    const blob = cipher.encrypt(dek, { userId, entryId }, 'short and private');
    for (let i = 0; i < blob.length; i++) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => cipher.decrypt(dek, { userId, entryId }, tampered)).toThrow(JournalCipherError);
    }
    expect(() => cipher.decrypt(dek, { userId, entryId: randomUUID() }, blob)).toThrow(JournalCipherError);
    expect(() => cipher.decrypt(dek, { userId: randomUUID(), entryId }, blob)).toThrow(JournalCipherError);
    const other = cipher.newDataKey(userId, randomUUID()).dek;
    expect(() => cipher.decrypt(other, { userId, entryId }, blob)).toThrow(JournalCipherError);
    expect(() => cipher.decrypt(dek, { userId, entryId }, blob.subarray(0, 20))).toThrow(JournalCipherError);
    // Generic on purpose: the message says nothing about which check failed.
    expect(() => cipher.decrypt(dek, { userId, entryId: randomUUID() }, blob)).toThrow(
      /^journal content could not be decrypted$/,
    );
  });

  it('binds a wrapped data key to its user and KEK', () => {
    const { cipher, userId, wrapped } = setup();
    expect(cipher.unwrap(userId, wrapped).key).toHaveLength(32);
    expect(() => cipher.unwrap(randomUUID(), wrapped)).toThrow(JournalCipherError);
    const flipped = Buffer.from(wrapped.wrapped);
    flipped[20] = (flipped[20] ?? 0) ^ 0xff;
    expect(() => cipher.unwrap(userId, { ...wrapped, wrapped: flipped })).toThrow(JournalCipherError);
    expect(() => cipher.unwrap(userId, { ...wrapped, kekId: 'unknown' })).toThrow(JournalCipherError);
  });

  it('rotation: a new KEK re-wraps the same data key, old wraps stay readable, and other processes see the new key', () => {
    const file = keyFile();
    const rotator = createJournalCipher(fileKeyring(file));
    const apiKeyring = fileKeyring(file); // another process, loaded before the rotation
    const api = createJournalCipher(apiKeyring);
    const userId = randomUUID();
    const entryId = randomUUID();
    const { dek, wrapped } = rotator.newDataKey(userId, randomUUID());
    const blob = rotator.encrypt(dek, { userId, entryId }, 'before rotation');

    const keyring = fileKeyring(file);
    const newId = keyring.addKek();
    expect(newId).not.toBe(wrapped.kekId);
    const rewrapped = rotator.rewrap(userId, wrapped);
    expect(rewrapped.kekId).toBe(newId);
    expect(rewrapped.wrapped.equals(wrapped.wrapped)).toBe(false);
    // The API process never restarted: it reloads the file on meeting the unknown key id.
    expect(api.decrypt(api.unwrap(userId, rewrapped), { userId, entryId }, blob)).toBe('before rotation');
    expect(api.decrypt(api.unwrap(userId, wrapped), { userId, entryId }, blob)).toBe('before rotation');
    expect(apiKeyring.activeKekId()).toBe(newId);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).keys)).toHaveLength(2);
  });

  it('keys from the environment: validated, and rotation asks the operator to deploy the key', () => {
    const key = Buffer.alloc(32, 7).toString('base64url');
    const keyring = createJournalKeyring({
      keyFile: '/nonexistent',
      fromEnv: { activeKeyId: 'a', keys: { a: key } },
      generateIfMissing: false,
    });
    expect(keyring.activeKekId()).toBe('a');
    expect(() => keyring.addKek()).toThrow(KeyringError);
    expect(() =>
      createJournalKeyring({
        keyFile: '/x',
        fromEnv: { activeKeyId: 'a', keys: { a: 'c2hvcnQ' } },
        generateIfMissing: false,
      }),
    ).toThrow(KeyringError);
    expect(() =>
      createJournalKeyring({
        keyFile: '/nonexistent/keys.json',
        fromEnv: undefined,
        generateIfMissing: false,
      }),
    ).toThrow(KeyringError);
  });
});
