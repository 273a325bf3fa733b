import { describe, expect, it } from 'vitest';
import { createAccessTokenCodec, generateResetCode, hashRefreshToken, hmacResetCode } from './tokens.ts';

const settings = { secret: 's'.repeat(40), issuer: 'iss', audience: 'aud', ttlSeconds: 900 };

describe('access tokens', () => {
  const codec = createAccessTokenCodec(settings);
  const now = new Date('2026-06-01T12:00:00Z');

  it('round-trips sub and sid and carries iss, aud, iat, exp', async () => {
    const token = await codec.sign({ userId: 'u1', sessionId: 's1' }, now);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({
      sub: 'u1',
      sid: 's1',
      iss: 'iss',
      aud: 'aud',
      iat: 1780315200,
      exp: 1780316100,
    });
    expect(await codec.verify(token, now)).toEqual({ userId: 'u1', sessionId: 's1' });
  });

  it('expires after the TTL, allowing at most 30 s of clock skew', async () => {
    const token = await codec.sign({ userId: 'u1', sessionId: 's1' }, now);
    expect(await codec.verify(token, new Date(now.getTime() + 925_000))).toEqual({
      userId: 'u1',
      sessionId: 's1',
    });
    expect(await codec.verify(token, new Date(now.getTime() + 935_000))).toBeUndefined();
  });

  it('refuses tokens of another issuer or audience', async () => {
    const otherAudience = createAccessTokenCodec({ ...settings, audience: 'other' });
    expect(
      await codec.verify(await otherAudience.sign({ userId: 'u', sessionId: 's' }, now), now),
    ).toBeUndefined();
    const otherIssuer = createAccessTokenCodec({ ...settings, issuer: 'someone-else' });
    expect(
      await codec.verify(await otherIssuer.sign({ userId: 'u', sessionId: 's' }, now), now),
    ).toBeUndefined();
  });
});

describe('secrets at rest', () => {
  it('reset codes are 8 digits and stored only as a keyed HMAC bound to the user', () => {
    const codes = new Set(Array.from({ length: 200 }, generateResetCode));
    for (const code of codes) expect(code).toMatch(/^\d{8}$/);
    expect(codes.size).toBeGreaterThan(190);
    const a = hmacResetCode('k'.repeat(32), 'user-a', '12345678');
    expect(a).not.toEqual(hmacResetCode('k'.repeat(32), 'user-b', '12345678'));
    expect(a).not.toEqual(hmacResetCode('j'.repeat(32), 'user-a', '12345678'));
  });

  it('refresh tokens are stored as SHA-256', () => {
    expect(hashRefreshToken('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
