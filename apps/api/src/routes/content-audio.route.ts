import { ZId } from '@wbn/contracts/common';
import type { ApiError } from '@wbn/contracts/errors';
import type { Core } from '@wbn/core/core';
import { AppError } from '@wbn/core/errors';
import type { FastifyInstance } from 'fastify';
import { parse as parseRange } from 'range-parser';
import type { OpenAPIObject } from 'trpc-to-openapi';
import { errorResponses } from '../http/error-statuses.ts';
import { etagMatches } from '../http/http-cache.ts';
import { sendAppError } from './app-error-reply.ts';

export const AUDIO_PATH = '/api/content/audio/';

/** Longer Range headers are ignored (served whole) rather than parsed: no client needs them. */
const MAX_RANGE_HEADER = 200;

/**
 * GET /api/content/audio/{id}: an exercise's audio. Local storage: streamed here with byte ranges
 * (players seek with Range), validators and 304/206/416. S3 or a CDN: a 302 to the CDN or a fresh
 * presigned URL, so the bytes never pass through the API.
 */
export async function contentAudioRoutes(app: FastifyInstance, options: { core: Core }): Promise<void> {
  const content = options.core.content;

  app.get<{ Params: { id: string } }>(`${AUDIO_PATH}:id`, async (request, reply) => {
    if (!ZId.safeParse(request.params.id).success) {
      return sendAppError(
        reply,
        new AppError('VALIDATION', 'id: must be a UUID', {
          issues: [{ path: 'id', message: 'must be a UUID' }],
        }),
      );
    }
    let audio: Awaited<ReturnType<Core['content']['audio']>>;
    try {
      audio = await content.audio(request.params.id);
    } catch (error) {
      if (error instanceof AppError) return sendAppError(reply, error);
      throw error;
    }

    const redirect = await content.audioRedirectUrl(audio);
    if (redirect) {
      // Presigned URLs expire: the redirect itself must not be cached.
      return reply.code(302).header('location', redirect).header('cache-control', 'no-store').send();
    }

    reply
      .header('accept-ranges', 'bytes')
      .header('etag', audio.etag)
      // The tag is the bytes' hash; a re-load with new audio gets a new tag, so caches revalidate.
      .header('cache-control', 'public, max-age=86400')
      .header('content-type', audio.contentType);
    if (etagMatches(request.headers['if-none-match'], audio.etag)) return reply.code(304).send();

    const ifRange = request.headers['if-range'];
    const range = requestedRange(
      request.headers.range,
      typeof ifRange === 'string' ? ifRange : undefined,
      audio.etag,
      audio.bytes,
    );
    if (range === 'unsatisfiable') {
      const body: ApiError = {
        code: 'RANGE_NOT_SATISFIABLE',
        message: `Range not satisfiable: the audio is ${audio.bytes} bytes`,
      };
      return reply
        .code(416)
        .header('content-range', `bytes */${audio.bytes}`)
        .header('content-type', 'application/json; charset=utf-8')
        .send(body);
    }
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${audio.bytes}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(await content.readAudio(audio, range));
    }
    reply.header('content-length', audio.bytes);
    return reply.send(await content.readAudio(audio));
  });
}

/**
 * The one range to serve, 'unsatisfiable', or undefined for the whole file. Malformed headers,
 * non-byte units, a stale If-Range and several disjoint ranges are answered with the whole file,
 * which RFC 9110 allows (we do not build multipart/byteranges).
 */
function requestedRange(
  header: string | undefined,
  ifRange: string | undefined,
  etag: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header || header.length > MAX_RANGE_HEADER) return undefined;
  if (ifRange !== undefined && ifRange.trim() !== etag) return undefined;
  const parsed = parseRange(size, header);
  if (parsed.type !== 'bytes' || parsed.code & 1) return undefined;
  if (parsed.ranges.length === 0) return 'unsatisfiable';
  const start = Math.min(...parsed.ranges.map((r) => r.start));
  const end = Math.max(...parsed.ranges.map((r) => r.end));
  // Overlapping or adjacent ranges collapse into one; disjoint ones get the whole file.
  const covered = parsed.ranges.reduce((sum, r) => sum + (r.end - r.start + 1), 0);
  return parsed.ranges.length === 1 || covered >= end - start + 1 ? { start, end } : undefined;
}

/** The audio route in the OpenAPI document (it is not a procedure, so it is described by hand). */
export const contentAudioOpenApiPaths: OpenAPIObject['paths'] = {
  '/content/audio/{id}': {
    get: {
      operationId: 'content-audio',
      summary: "An exercise's audio (Ogg Vorbis), streamed with byte ranges or redirected to a CDN",
      description:
        'Local storage: the file, with `Accept-Ranges: bytes`, `ETag`, `Range` (206, or 416 when unsatisfiable), ' +
        '`If-None-Match` (304) and `If-Range`. With S3 or a CDN configured: 302 to the CDN or a presigned URL.',
      tags: ['content'],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'Range', in: 'header', required: false, schema: { type: 'string', example: 'bytes=0-1023' } },
      ],
      responses: {
        '200': {
          description: 'The whole file',
          content: { 'audio/ogg': { schema: { type: 'string', format: 'binary' } } },
        },
        '206': {
          description: 'The requested byte range',
          content: { 'audio/ogg': { schema: { type: 'string', format: 'binary' } } },
        },
        '302': {
          description: 'Fetch the audio from the `Location` URL (CDN or presigned object-storage URL)',
        },
        '304': { description: 'Not modified (If-None-Match)' },
        ...errorResponses([400, 404, 416, 429, 500, 503]),
      },
    },
  },
};
