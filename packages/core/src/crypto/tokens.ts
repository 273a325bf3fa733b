import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

const ALGORITHM = 'HS256';
const CLOCK_TOLERANCE_SECONDS = 30;

export function createAccessTokenCodec(settings: AccessTokenSettings) {
  const key = new TextEncoder().encode(settings.secret);
  return {
    async sign(claims: AccessTokenClaims, now: Date): Promise<string> {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ sid: claims.sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + settings.ttlSeconds)
        .sign(key);
    },

    /** Returns the claims of a valid token, or undefined for anything else (never throws). */
    async verify(token: string, now: Date): Promise<AccessTokenClaims | undefined> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: settings.issuer,
          audience: settings.audience,
          requiredClaims: ['sub', 'sid', 'iat', 'exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: now,
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
        return { userId: payload.sub, sessionId: payload.sid };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
export type AccessTokenCodec = ReturnType<typeof createAccessTokenCodec>;

/** Opaque refresh tokens: 256 random bits for the client, only a SHA-256 of them in the database. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Eight digits from a CSPRNG, zero-padded. */
export function generateResetCode(): string {
  return randomInt(0, 100_000_000).toString().padStart(8, '0');
}

/** Codes are stored as an HMAC keyed by a server secret: a leaked table cannot be brute-forced offline. */
export function hmacResetCode(secret: string, userId: string, code: string): Buffer {
  return createHmac('sha256', secret).update(`${userId}:${code}`).digest();
}

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
