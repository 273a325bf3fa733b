import type { FastifyInstance } from 'fastify';
import type { ApiErrorBody } from './errors.ts';

const NUL = '\u0000';

/** True when any string (key or value) anywhere in a parsed JSON value holds a NUL character. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => key.includes(NUL) || containsNul(inner));
  }
  return false;
}

/** A NUL in the URL, raw (%00) or as the JSON escape a tRPC `?input=` would carry. */
function urlContainsNul(url: string): boolean {
  if (!url.includes('%')) return false;
  try {
    const decoded = decodeURIComponent(url);
    return decoded.includes(NUL) || decoded.includes('\\u0000');
  } catch {
    return false;
  }
}

/**
 * PostgreSQL stores no NUL in text or jsonb and would answer with an error (a 500). No field of this
 * API has a use for one, so any request carrying one, in its body or its URL, is refused up front.
 */
export function registerInputGuard(app: FastifyInstance): void {
  const refuse: ApiErrorBody = { code: 'VALIDATION', message: 'Text must not contain NUL characters' };
  app.addHook('preValidation', async (request, reply) => {
    if (urlContainsNul(request.url) || containsNul(request.body)) return reply.code(400).send(refuse);
  });
}
