import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from 'trpc-to-openapi';

/**
 * GET /openapi.json (the document) and /docs (interactive reference rendered from it). The document
 * is built on its first request, not at start-up: few API processes are ever asked for it, and
 * generating it (with its generator's modules) would hold memory in every one.
 */
export async function docsRoutes(
  app: FastifyInstance,
  options: { buildDocument: () => Promise<OpenAPIObject> },
): Promise<void> {
  let document: Promise<OpenAPIObject> | undefined;
  app.get('/openapi.json', { config: { rateLimit: false } }, () => {
    document ??= options.buildDocument();
    return document;
  });
  await app.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });
}
