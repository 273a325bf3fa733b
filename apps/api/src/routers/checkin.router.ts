import { ZCheckin, ZCheckinCreateInput, ZCheckinHistory, ZHistoryQuery } from '@wbn/contracts/checkins';
import { ZIdParam, ZMessage } from '@wbn/contracts/common';
import { authedProcedure, router } from '../trpc.ts';

const tags = ['checkin'];

/** /api/checkin/* — anxiety check-ins. */
export const checkinRouter = router({
  create: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/checkin', summary: 'Log an anxiety check-in', tags },
      successStatus: 201,
    })
    .input(ZCheckinCreateInput)
    .output(ZCheckin)
    .mutation(({ ctx, input }) => ctx.core.checkins.create(ctx.user.id, input)),

  history: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/checkin/history',
        summary: 'Your check-ins, newest first (keyset paged)',
        tags,
      },
    })
    .input(ZHistoryQuery)
    .output(ZCheckinHistory)
    .query(({ ctx, input }) => ctx.core.checkins.history(ctx.user.id, input)),

  get: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/checkin/entries/{id}', summary: 'One of your check-ins', tags },
    })
    .input(ZIdParam)
    .output(ZCheckin)
    .query(({ ctx, input }) => ctx.core.checkins.get(ctx.user.id, input.id)),

  delete: authedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/checkin/entries/{id}',
        summary: 'Delete one of your check-ins',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.checkins.delete(ctx.user.id, input.id)),
});
