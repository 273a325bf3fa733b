import { ZIdParam } from '@wbn/contracts/common';
import { ZContentItem, ZContentListInput, ZContentSummary } from '@wbn/contracts/content';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

const tags = ['content'];

/**
 * /api/content/* — public guides, articles, exercises, tips and prompts. `modules` is declared before
 * `byId` on purpose: the REST adapter matches paths in declaration order, so /content/modules must come
 * first to win over /content/{id}. The audio stream is not JSON: see routes/content-audio.route.ts.
 * ETag, Cache-Control and 304s are added by http/http-cache.ts.
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
    })
    .input(ZIdParam)
    .output(ZContentItem)
    .query(({ ctx, input }) => ctx.core.content.get(input.id)),
});
