import {
  ZCbtEntries,
  ZCbtEntriesQuery,
  ZCbtEntry,
  ZCbtEntryCreated,
  ZCbtEntryCreateInput,
  ZThoughtRecordCreateInput,
} from '@wbn/contracts/cbt';
import { ZIdParam, ZMessage } from '@wbn/contracts/common';
import { authedProcedure, router } from '../trpc.ts';

const tags = ['cbt'];

/** /api/cbt/* — CBT tool entries (thought records; other tools join through the contracts registry). */
export const cbtRouter = router({
  thoughtRecord: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/cbt/thought-record',
        summary: 'Save a thought record (every field optional; unknown fields kept as sent)',
        tags,
      },
      successStatus: 201,
    })
    .input(ZThoughtRecordCreateInput)
    .output(ZCbtEntryCreated)
    .mutation(({ ctx, input }) => ctx.core.cbt.create(ctx.user.id, 'thought-record', input)),

  create: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/cbt/entries',
        summary: 'Save an entry of any CBT tool (`type` from the registry; `data` checked by its schema)',
        tags,
      },
      successStatus: 201,
    })
    .input(ZCbtEntryCreateInput)
    .output(ZCbtEntryCreated)
    .mutation(({ ctx, input }) => ctx.core.cbt.create(ctx.user.id, input.type, input)),

  entries: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/cbt/entries', summary: 'Your CBT entries, newest first', tags },
    })
    .input(ZCbtEntriesQuery)
    .output(ZCbtEntries)
    .query(({ ctx, input }) => ctx.core.cbt.list(ctx.user.id, input)),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cbt/entries/{id}', summary: 'One of your CBT entries', tags } })
    .input(ZIdParam)
    .output(ZCbtEntry)
    .query(({ ctx, input }) => ctx.core.cbt.get(ctx.user.id, input.id)),

  delete: authedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/cbt/entries/{id}',
        summary: 'Delete one of your CBT entries',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.cbt.delete(ctx.user.id, input.id)),
});
