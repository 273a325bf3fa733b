import { ZIdParam, ZMessage } from '@wbn/contracts/common';
import {
  ZJournalCreateInput,
  ZJournalEntries,
  ZJournalEntry,
  ZJournalEntryCreated,
  ZJournalInsights,
  ZJournalListQuery,
  ZJournalPrompts,
} from '@wbn/contracts/journal';
import { z } from 'zod';
import { authedProcedure, premiumProcedure, router } from '../trpc.ts';

const tags = ['journal'];

/** /api/journal/* — the encrypted journal, its prompts and (premium, opt-in) insights. */
export const journalRouter = router({
  create: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/journal',
        summary: 'Write a journal entry (encrypted at rest)',
        tags,
      },
      successStatus: 201,
    })
    .input(ZJournalCreateInput)
    .output(ZJournalEntryCreated)
    .mutation(({ ctx, input }) => ctx.core.journal.create(ctx.user.id, input)),

  entries: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/journal/entries',
        summary: 'Your journal entries (metadata only)',
        tags,
      },
    })
    .input(ZJournalListQuery)
    .output(ZJournalEntries)
    .query(({ ctx, input }) => ctx.core.journal.list(ctx.user.id, input)),

  entry: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/journal/entries/{id}',
        summary: 'One journal entry, decrypted',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZJournalEntry)
    .query(({ ctx, input }) => ctx.core.journal.get(ctx.user.id, input.id)),

  delete: authedProcedure
    .meta({
      openapi: { method: 'DELETE', path: '/journal/entries/{id}', summary: 'Delete a journal entry', tags },
    })
    .input(ZIdParam)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.journal.delete(ctx.user.id, input.id)),

  prompts: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/journal/prompts', summary: 'Journal prompts', tags } })
    .input(z.void())
    .output(ZJournalPrompts)
    .query(({ ctx }) => ctx.core.journal.prompts()),

  insights: premiumProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/journal/insights',
        summary: 'Gentle observations from your recent entries (Premium, and only after opting in)',
        tags,
      },
    })
    .input(z.void())
    .output(ZJournalInsights)
    .query(({ ctx }) => ctx.core.journalInsights.insights(ctx.user)),
});
