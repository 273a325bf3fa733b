import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_PREFIX = '/console/';

/**
 * The console loads only its own files and talks only to this origin: no inline script or style,
 * no framing, no plugins. React sets styles through the DOM, which style-src does not govern.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Hashed file names change with their content, so a cached copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The moderator console (apps/console, built into its dist/ by `pnpm install`), served from /console/.
 * index.html is revalidated on every load so a new build is picked up at once.
 */
export async function consoleRoutes(app: FastifyInstance, options: { root: string }): Promise<void> {
  app.get('/console', { config: { rateLimit: false } }, (_request, reply) => reply.redirect(CONSOLE_PREFIX));
  if (!existsSync(path.join(options.root, 'index.html'))) {
    app.get(`${CONSOLE_PREFIX}*`, (_request, reply) =>
      reply.code(503).send({ code: 'UNAVAILABLE', message: 'The console is not built: run pnpm install' }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: CONSOLE_PREFIX,
    decorateReply: false,
    cacheControl: false,
    etag: true,
    lastModified: true,
    index: ['index.html'],
    setHeaders(reply, filePath) {
      const isIndex = path.basename(filePath) === 'index.html';
      reply.headers({
        'cache-control': isIndex ? 'no-cache' : IMMUTABLE,
        'content-security-policy': CONSOLE_CSP,
        'x-content-type-options': 'nosniff',
      });
    },
  });
}
