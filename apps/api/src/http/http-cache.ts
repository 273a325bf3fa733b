import { createHash } from 'node:crypto';
import type { onSendAsyncHookHandler } from 'fastify';

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
 * ETag, Cache-Control and 304 for one JSON GET route whose procedure declares `meta.cache`; the
 * REST adapter attaches it to that route alone. The tag hashes the exact bytes sent, so it is right
 * whatever produced them (cache or database) and equal across API processes; hashing a few kB costs
 * microseconds next to the request itself.
 */
export function httpCacheHook(cacheControl: string): onSendAsyncHookHandler<unknown> {
  return async (request, reply, payload) => {
    if (reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;

    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', cacheControl);
    reply.header('vary', 'accept-encoding');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  };
}
