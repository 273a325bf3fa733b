import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordWeakness, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id at the configured parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  it('asks for a rehash when the parameters are older', () => {
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('refuses short, overlong, common and username-equal passwords', () => {
    expect(passwordWeakness('short1')).toMatch(/at least 8/);
    expect(passwordWeakness('x'.repeat(257))).toMatch(/at most 256/);
    expect(passwordWeakness('password1')).toMatch(/commonly used/);
    expect(passwordWeakness('Sunny-Otter', 'sunny-otter')).toMatch(/username/);
    expect(passwordWeakness('quiet meadow at dawn')).toBeUndefined();
  });
});
