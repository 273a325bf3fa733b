import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIObject } from 'trpc-to-openapi';

/** Headers of the inner server's answer that belong to its own connection, not to ours. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/**
 * The interactive reference's server, built on the first /docs request: the Scalar plugin carries its
 * whole browser bundle (~5 MB of JavaScript) as a string, which held ~19 MB (heap and source) in every
 * API process from start-up although few are ever asked for /docs.
 */
async function buildReferenceServer(): Promise<FastifyInstance> {
  const { default: scalar } = await import('@scalar/fastify-api-reference');
  const reference = Fastify({ logger: false });
  await reference.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });
  await reference.ready();
  return reference;
}

/**
 * GET /openapi.json (the document) and /docs (interactive reference rendered from it). Both are built
 * on their first request, not at start-up: few API processes are ever asked for them, and every one
 * would hold them (and the generator's and the reference's modules) in memory.
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

  let reference: Promise<FastifyInstance> | undefined;
  // Answered by the reference server in this process; our hooks (security headers, request id) still apply.
  const serveReference = async (request: FastifyRequest, reply: FastifyReply) => {
    reference ??= buildReferenceServer();
    const answer = await (await reference).inject({ method: 'GET', url: request.url });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get('/docs', serveReference);
  app.get('/docs/*', serveReference);
  app.addHook('onClose', async () => {
    await (await reference)?.close();
  });
}
