import { ZIdParam } from '@wbn/contracts/common';
import { ZContentItem, ZContentListInput, ZContentSummary } from '@wbn/contracts/content';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

const tags = ['content'];

/** Both reads answer the same to everyone, so they carry a cache policy: ETag, Cache-Control and 304s. */
const cache = { cacheControl: 'public, max-age=60, stale-while-revalidate=300' };

/**
 * /api/content/* — public guides, articles, exercises, tips and prompts. The audio stream is not
 * JSON: see routes/content-audio.route.ts.
 */
export const contentRouter = router({
  modules: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/content/modules',
        summary: 'List content (guides, articles, exercises, tips, prompts), optionally of one type',
        description:
          'Ordered by type then title; page with `limit` (max 100) and `offset`. Supports If-None-Match.',
        tags,
      },
      cache,
    })
    .input(ZContentListInput)
    .output(z.array(ZContentSummary))
    .query(({ ctx, input }) => ctx.core.content.list(input)),

  byId: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/content/{id}',
        summary: 'One content item with the structured body the client renders',
        description: 'Supports If-None-Match.',
        tags,
      },
      cache,
    })
    .input(ZIdParam)
    .output(ZContentItem)
    .query(({ ctx, input }) => ctx.core.content.get(input.id)),
});
