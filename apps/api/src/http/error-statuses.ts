import type { RestProcedure } from './procedures.ts';

/** The methods whose requests Fastify reads a body for: they can answer 413 and 415. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why each status can happen, as the document tells clients. */
export const ERROR_STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (code VALIDATION; `issues` names the fields, `reason` INPUT_TOO_DEEP / INPUT_TOO_LARGE for hostile shapes)',
  401: 'No, invalid or expired token, or the session has ended (code UNAUTHORIZED)',
  403: 'Not allowed: account banned, Premium or moderator required, or another rule (code FORBIDDEN; see `reason`)',
  404: 'Not found, or not yours (code NOT_FOUND)',
  409: 'Conflicts with existing data, e.g. a name already taken (code CONFLICT; see `reason`)',
  413: 'Request body too large (code PAYLOAD_TOO_LARGE)',
  415: 'Body is not application/json (code UNSUPPORTED_MEDIA_TYPE)',
  416: 'Range not satisfiable; `Content-Range: bytes */<size>` (code RANGE_NOT_SATISFIABLE)',
  429: 'Rate limited; retry after the Retry-After header (code RATE_LIMITED)',
  500: 'Internal error; the body never carries internals (code INTERNAL)',
};

/**
 * Exactly the error statuses an operation can answer, from its metadata: 400 where it takes input or
 * a body is read (malformed JSON), 401 and 403 from its access, 404 for an id in its path, 413/415
 * where a body is read, 429 from the global per-IP limit, 500 for our own bugs, plus what the
 * procedure declares in `errors` (an id in the body, a taken name).
 */
export function errorStatuses({ meta, takesInput }: Pick<RestProcedure, 'meta' | 'takesInput'>): number[] {
  const statuses = new Set<number>([429, 500, ...(meta.errors ?? [])]);
  if (takesInput || BODY_METHODS.has(meta.openapi.method)) statuses.add(400);
  const access = meta.access ?? 'public';
  if (access !== 'public') statuses.add(401);
  if (access !== 'public' && access !== 'authed-even-if-banned') statuses.add(403);
  if (meta.openapi.path.includes('{')) statuses.add(404);
  if (BODY_METHODS.has(meta.openapi.method)) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

/** The error responses of one operation in the document, each with the ApiError schema. */
export function errorResponses(statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: ERROR_STATUS_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      },
    ]),
  );
}
