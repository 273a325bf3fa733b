import { ZHistoryQuery } from '@wbn/contracts/checkins';
import { ZIdParam, ZMessage } from '@wbn/contracts/common';
import {
  ZInteraction,
  ZInteractionCreated,
  ZInteractionCreateInput,
  ZInteractionHistory,
} from '@wbn/contracts/interactions';
import { authedProcedure, router } from '../trpc.ts';

const tags = ['interaction'];

/** /api/interaction/* — self-reported time spent with AI tools. */
export const interactionRouter = router({
  log: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/interaction/log', summary: 'Log time spent with an AI tool', tags },
      successStatus: 201,
    })
    .input(ZInteractionCreateInput)
    .output(ZInteractionCreated)
    .mutation(({ ctx, input }) => ctx.core.interactions.create(ctx.user.id, input)),

  history: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/interaction/history',
        summary: 'Your AI-interaction logs, newest first',
        tags,
      },
    })
    .input(ZHistoryQuery)
    .output(ZInteractionHistory)
    .query(({ ctx, input }) => ctx.core.interactions.history(ctx.user.id, input)),

  get: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/interaction/entries/{id}',
        summary: 'One of your AI-interaction logs',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZInteraction)
    .query(({ ctx, input }) => ctx.core.interactions.get(ctx.user.id, input.id)),

  delete: authedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/interaction/entries/{id}',
        summary: 'Delete one of your AI-interaction logs',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.interactions.delete(ctx.user.id, input.id)),
});
