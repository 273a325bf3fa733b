import { ZExportFormatQuery } from '@wbn/contracts/account';
import type { Core } from '@wbn/core/core';
import { AppError } from '@wbn/core/errors';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from 'trpc-to-openapi';
import { errorResponses } from '../http/error-statuses.ts';
import { sendAppError } from './app-error-reply.ts';

export const EXPORT_DOWNLOAD_PATH = '/api/user/export/download';

/**
 * GET /api/user/export/download?format=zip|json: the latest export, decrypted on the way out, for the
 * 24 hours it is kept. Open to banned users (their data rights stay). Never cached by anyone.
 */
export async function exportDownloadRoutes(
  app: FastifyInstance,
  options: { core: Core; bearerToken: (header: unknown) => string | undefined },
): Promise<void> {
  app.get(EXPORT_DOWNLOAD_PATH, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const token = options.bearerToken(request.headers.authorization);
      if (!token) throw new AppError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <token>');
      // Like the procedures: who is asking is settled before the input is read (a bad token is a 401).
      const actor = await options.core.auth.authenticate(token);
      const query = ZExportFormatQuery.safeParse(request.query ?? {});
      if (!query.success) {
        throw new AppError('VALIDATION', 'format: must be "zip" or "json"', {
          issues: [{ path: 'format', message: 'must be "zip" or "json"' }],
        });
      }
      const file = await options.core.exports.download(actor, query.data.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    } catch (error) {
      if (error instanceof AppError) return sendAppError(reply, error);
      throw error;
    }
  });
}

export const exportDownloadOpenApiPaths: OpenAPIObject['paths'] = {
  '/user/export/download': {
    get: {
      operationId: 'user-exportDownload',
      summary: 'Download your latest export (for 24 hours after it is ready)',
      description:
        '`format=zip` (default): export.json plus csv/<type>.csv for every data type. `format=json`: the JSON ' +
        'document alone. The document carries `export_version`; the README section "Your data" describes it. ' +
        '404: no export, or it has expired. 409 (reason EXPORT_NOT_READY): it is still being prepared.',
      tags: ['user'],
      security: [{ Authorization: [] }],
      parameters: [
        { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['zip', 'json'] } },
      ],
      responses: {
        '200': {
          description: 'The export',
          content: {
            'application/zip': { schema: { type: 'string', format: 'binary' } },
            'application/json': { schema: { type: 'object' } },
          },
        },
        ...errorResponses([400, 401, 404, 409, 429, 500, 503]),
      },
    },
  },
};
