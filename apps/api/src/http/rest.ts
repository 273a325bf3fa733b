import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  RouteOptions,
} from 'fastify';
import type { Context } from '../trpc.ts';
import { httpCacheHook } from './http-cache.ts';
import { nonPathInputFields, type RestProcedure } from './procedures.ts';
import { queryConverter } from './query-input.ts';

export interface RestOptions {
  procedures: RestProcedure[];
  createContext: (request: FastifyRequest) => Context;
  /** The strict sign-in budget, for procedures that declare `rateLimit: 'auth'` (absent when limits are off). */
  strictRateLimit: onRequestHookHandler | undefined;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Serves every procedure that declares `meta.openapi` as plain REST under /api: one Fastify route
 * per procedure, built from its metadata at start-up. The procedure itself runs (the same
 * middlewares, input and output schemas as /trpc; see `invoke` in procedures.ts), with no
 * per-request caller or Fetch objects. The answer is what the output schema parsed (only its
 * fields, checked), written with JSON.stringify: a serialiser compiled from the schema
 * (fast-json-stringify) would check nothing more, and for a history page it took longer and left
 * five times the garbage. Every error leaves through the error handler (toHttpError) as the
 * contract body.
 */
export function registerRest(app: FastifyInstance, options: RestOptions): void {
  for (const procedure of options.procedures) app.route(routeFor(procedure, options));
}

function routeFor(procedure: RestProcedure, options: RestOptions): RouteOptions {
  const { meta, invoke } = procedure;
  const { method } = meta.openapi;
  const successStatus = meta.successStatus ?? 200;
  const readInput = inputReader(procedure, BODY_METHODS.has(method));
  const onRequest = meta.rateLimit === 'auth' ? options.strictRateLimit : undefined;

  return {
    method,
    url: `/api${meta.openapi.path.replace(/\{(\w+)\}/g, ':$1')}`,
    ...(onRequest ? { onRequest } : {}),
    ...(meta.cache ? { onSend: httpCacheHook(meta.cache.cacheControl) } : {}),
    // A failure is thrown on to the error handler, which answers it and logs a 5xx (error-handler.ts).
    async handler(request: FastifyRequest, reply: FastifyReply) {
      // Read once: tRPC asks for the raw input twice (the input limits, then the schema).
      let input: Promise<unknown> | undefined;
      const data = await invoke({
        ctx: options.createContext(request),
        getRawInput: () => {
          input ??= (async () => readInput(request))();
          return input;
        },
      });
      return reply.code(successStatus).send(data);
    },
  };
}

/**
 * Path parameters, then the JSON body (POST/PUT/PATCH) or the query string, merged into the one
 * input object the procedure's schema parses; the query is converted to the schema's scalar types.
 * A DELETE with input beyond its path reads the JSON body when one is sent, else the query.
 */
function inputReader(procedure: RestProcedure, fromBody: boolean): (request: FastifyRequest) => unknown {
  if (!procedure.takesInput) return () => undefined;
  const bodyIfSent =
    !fromBody && procedure.meta.openapi.method === 'DELETE' && nonPathInputFields(procedure).length > 0;
  const convertQuery = fromBody ? undefined : queryConverter(procedure.input);
  return (request) => {
    const params = request.params as Record<string, string>;
    // Fastify leaves `body` undefined for a DELETE without a Content-Type or without content.
    if (fromBody || (bodyIfSent && request.body !== undefined)) {
      const body = request.body ?? {};
      // A JSON array or scalar is not an input object; the schema reports it as such.
      return typeof body === 'object' && !Array.isArray(body) ? { ...body, ...params } : body;
    }
    const query = { ...(request.query as Record<string, unknown>), ...params };
    return convertQuery ? convertQuery(query) : query;
  };
}
