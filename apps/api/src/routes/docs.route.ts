import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from 'trpc-to-openapi';

/** GET /openapi.json (the document) and /docs (interactive reference rendered from it). */
export async function docsRoutes(app: FastifyInstance, options: { document: OpenAPIObject }): Promise<void> {
  app.get('/openapi.json', { config: { rateLimit: false } }, async () => options.document);
  await app.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });
}
