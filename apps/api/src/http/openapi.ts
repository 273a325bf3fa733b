import { ZApiError } from '@wbn/contracts/errors';
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { z } from 'zod';
import { type AppRouter, appRouter } from '../router.ts';
import { contentAudioOpenApiPaths } from '../routes/content-audio.route.ts';
import { exportDownloadOpenApiPaths } from '../routes/export-download.route.ts';
import { errorResponses, errorStatuses } from './error-statuses.ts';
import { nonPathInputFields, type RestProcedure, restProcedures } from './procedures.ts';
import { inputShape } from './query-input.ts';

type Parameter = { in: string; name: string; description?: string; schema?: object };
type Operation = {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};

/** One tag per router module (the first segment of its REST paths). */
const TAGS: Record<string, string> = {
  auth: 'Sign-up, sign-in, token refresh, sign-out, password reset and change, sessions',
  user: "The signed-in person's profile, settings, notices, notifications and data rights (export, deletion, activity log)",
  community: 'The pseudonymous forum',
  moderation: 'Reports and moderator actions (moderators only)',
  operator: 'Roles, job queues and the content pack (operators only)',
  content: 'Guides, articles, exercises, tips and prompts',
  checkin: 'Anxiety check-ins',
  cbt: 'CBT tool entries',
  interaction: 'AI tool interaction logs',
  journal: 'The encrypted journal',
  progress: 'Progress summary and analytics',
};

/**
 * The OpenAPI 3.1 document of /api, generated from the same procedures the REST adapter serves,
 * with each operation's success status and exactly the error statuses it can answer (all with the
 * ApiError schema from the contracts). Routes that are not JSON procedures (audio) are added by the
 * modules that own them through `extraPaths`.
 */
export function buildOpenApiDocument(
  router: AppRouter,
  options: { baseUrl: string; extraPaths?: OpenAPIObject['paths'] },
): OpenAPIObject {
  const document = generateOpenApiDocument(router, {
    title: 'Well-being Navigator API',
    version: '1.0.0',
    description:
      'REST view of the Well-being Navigator API. Errors are `ApiError`: `{ code, message, reason?, issues? }`. ' +
      'Unknown fields in request bodies are ignored. Lists are bounded (`limit` default 20, max 100).',
    baseUrl: `${options.baseUrl}/api`,
  });
  for (const procedure of restProcedures(router)) {
    const { meta } = procedure;
    const operation = (document.paths?.[meta.openapi.path] as Record<string, Operation> | undefined)?.[
      meta.openapi.method.toLowerCase()
    ];
    if (!operation)
      throw new Error(`${meta.openapi.method} ${meta.openapi.path} is missing from the document`);
    const { 200: ok } = operation.responses ?? {};
    // Most operations say all in their summary; the document repeats it where no longer text exists.
    operation.description ??= operation.summary;
    operation.responses = {
      [String(meta.successStatus ?? 200)]: ok,
      ...errorResponses(errorStatuses(procedure)),
    };
    if (meta.openapi.method === 'DELETE') {
      const requestBody = deleteRequestBody(procedure, operation.parameters ?? []);
      if (requestBody) operation.requestBody = requestBody;
    }
  }
  const schemas = Object.entries(document.components?.schemas ?? {}).filter(
    ([name]) => !name.startsWith('error.'),
  );
  const { $schema: _dialect, ...apiError } = z.toJSONSchema(ZApiError, { metadata: z.registry() });
  document.components = {
    ...document.components,
    schemas: { ...Object.fromEntries(schemas), ApiError: apiError as never },
  };
  document.paths = { ...document.paths, ...options.extraPaths };
  document.tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
  document.info.contact = { name: 'Well-being Navigator API', url: options.baseUrl };
  return document;
}

/**
 * The generator puts a DELETE's input in the query only; the REST adapter also reads it from a JSON
 * body (http/rest.ts). The body is described from the same query parameters, so the two forms cannot
 * drift; a field is required in the body when its schema refuses a missing value.
 */
function deleteRequestBody(procedure: RestProcedure, parameters: Parameter[]) {
  const fields = new Set(nonPathInputFields(procedure));
  const inBody = parameters.filter((p) => p.in === 'query' && fields.has(p.name));
  if (inBody.length === 0) return undefined;
  const shape = inputShape(procedure.input) ?? {};
  const required = inBody
    .filter((p) => !(shape[p.name] as unknown as z.ZodType).safeParse(undefined).success)
    .map((p) => p.name);
  const properties = Object.fromEntries(
    inBody.map((p) => [p.name, p.description ? { ...p.schema, description: p.description } : p.schema]),
  );
  return {
    required: false,
    description: 'The input as JSON, instead of the query parameters (which are read only without a body)',
    content: {
      'application/json': {
        schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
      },
    },
  };
}

/** The document the server publishes and the SDK's REST types are generated from: one source. */
export function apiDocument(baseUrl: string): OpenAPIObject {
  return buildOpenApiDocument(appRouter, {
    baseUrl,
    extraPaths: { ...contentAudioOpenApiPaths, ...exportDownloadOpenApiPaths },
  });
}
