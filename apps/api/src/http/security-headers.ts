import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response. @fastify/helmet builds helmet's middleware anew on
 * every request (each option re-read, a closure per header) behind two hooks, one async; without
 * CSP nonces the headers depend only on the options, so they are computed once here and one hook
 * sets them, on the raw response as helmet itself does (a route that writes the raw response keeps them).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = Object.entries(securityHeaders(options));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers helmet sets for these options, read by running its middleware once on a recorder. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  let finished = false;
  helmet(options)({} as never, recorder, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // helmet's middlewares are synchronous; if a future one is not, fail at start-up, not silently.
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}
