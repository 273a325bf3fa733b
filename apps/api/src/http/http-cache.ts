import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Weak comparison, as RFC 9110 asks for If-None-Match: "*" or any listed tag equal to ours once the
 * W/ prefixes are set aside.
 */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  const ours = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === ours);
}

/**
 * ETag, Cache-Control and 304 for the JSON GET routes under a prefix. The list and item endpoints are
 * tRPC procedures served through the REST adapter (one definition for /trpc, /api, the OpenAPI document
 * and the SDK), which cannot see request headers or set response headers; a hook on the way out can.
 * The tag hashes the exact bytes sent, so it is right whatever produced them (cache or database) and
 * equal across API processes. Hashing a few kB costs microseconds next to the request itself.
 */
export function registerHttpCaching(
  app: FastifyInstance,
  options: { prefix: string; exclude: string[]; cacheControl: string },
): void {
  // Decided on arrival: the REST adapter rewrites request.url (and raw.url) to strip its /api base path.
  const cacheable = new WeakSet<object>();
  app.addHook('onRequest', async (request) => {
    const url = request.url;
    if (url.startsWith(options.prefix) && !options.exclude.some((path) => url.startsWith(path)))
      cacheable.add(request);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!cacheable.has(request)) return payload;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;

    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', options.cacheControl);
    reply.header('vary', 'accept-encoding');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
