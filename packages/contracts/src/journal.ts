import { z } from 'zod';
import { ZId, ZIsoDateTime, ZLimit, zString } from './common.ts';

export const JOURNAL_CONTENT_MAX = 20_000;

export const ZJournalCreateInput = z.object({
  content: zString()
    .max(JOURNAL_CONTENT_MAX)
    .refine((value) => value.trim().length > 0, 'must not be empty'),
  prompt_id: ZId.optional().describe('id of a prompt from GET /api/journal/prompts'),
  timestamp: ZIsoDateTime,
});
export type JournalCreateInput = z.infer<typeof ZJournalCreateInput>;

/** Metadata only: content is returned solely by GET /api/journal/entries/{id}. */
export const ZJournalEntryMeta = z
  .object({ id: ZId, timestamp: z.string(), prompt_id: ZId.nullable() })
  .meta({ id: 'JournalEntryMeta' });
export type JournalEntryMeta = z.infer<typeof ZJournalEntryMeta>;

export const ZJournalEntryCreated = ZJournalEntryMeta.extend({ user_id: ZId, created_at: z.string() }).meta({
  id: 'JournalEntryCreated',
});
export type JournalEntryCreated = z.infer<typeof ZJournalEntryCreated>;

export const ZJournalEntry = ZJournalEntryMeta.extend({ content: z.string() }).meta({ id: 'JournalEntry' });
export type JournalEntry = z.infer<typeof ZJournalEntry>;

export const ZJournalListQuery = z.object({
  limit: ZLimit,
  cursor: ZId.optional().describe('id of the last item of the previous page'),
});
export type JournalListQuery = z.infer<typeof ZJournalListQuery>;

export const ZJournalEntries = z.array(ZJournalEntryMeta);

export const ZJournalPrompt = z.object({ id: ZId, text: z.string() }).meta({ id: 'JournalPrompt' });
export const ZJournalPrompts = z.array(ZJournalPrompt);
export type JournalPrompt = z.infer<typeof ZJournalPrompt>;

export const ZJournalInsights = z.object({ insights: z.array(z.string()) }).meta({ id: 'JournalInsights' });
export type JournalInsights = z.infer<typeof ZJournalInsights>;
