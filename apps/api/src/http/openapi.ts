import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { type AppRouter, appRouter } from '../router.ts';
import { contentAudioOpenApiPaths } from '../routes/content-audio.route.ts';
import { exportDownloadOpenApiPaths } from '../routes/export-download.route.ts';
import { collectSuccessStatuses } from './rest.ts';

type Operation = { operationId?: string; responses?: Record<string, unknown> };

/**
 * The OpenAPI 3.1 document of /api, generated from the same procedures tRPC serves. Creates that
 * answer 201 are documented as such; routes that are not JSON procedures (audio, health) are added
 * by the modules that own them through `extraPaths`.
 */
export function buildOpenApiDocument(
  router: AppRouter,
  options: { baseUrl: string; extraPaths?: OpenAPIObject['paths'] },
): OpenAPIObject {
  const document = generateOpenApiDocument(router, {
    title: 'Well-being Navigator API',
    version: '1.0.0',
    description:
      'REST view of the Well-being Navigator API. Errors are `{ code, message, reason?, issues? }`. ' +
      'Unknown fields in request bodies are ignored. Lists are bounded (`limit` default 20, max 100).',
    baseUrl: `${options.baseUrl}/api`,
  });
  const created = collectSuccessStatuses(router);
  const createdOperationIds = new Set([...created.keys()].map((path) => path.replace(/\./g, '-')));
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const ok = operation.responses?.['200'];
      if (ok && operation.operationId && createdOperationIds.has(operation.operationId)) {
        operation.responses = {
          '201': ok,
          ...Object.fromEntries(Object.entries(operation.responses ?? {}).filter(([k]) => k !== '200')),
        };
      }
    }
  }
  document.paths = { ...document.paths, ...options.extraPaths };
  return document;
}

/** The document the server publishes and the SDK's REST types are generated from: one source. */
export function apiDocument(baseUrl: string): OpenAPIObject {
  return buildOpenApiDocument(appRouter, {
    baseUrl,
    extraPaths: { ...contentAudioOpenApiPaths, ...exportDownloadOpenApiPaths },
  });
}
