import { z } from 'zod';
import { ZId, ZIsoDateTime, zString } from './common.ts';

/** A day, in minutes: nobody logs a longer single session with an AI tool. */
export const INTERACTION_DURATION_MAX = 1440;

export const ZInteractionCreateInput = z.object({
  duration: z.number().int().min(1).max(INTERACTION_DURATION_MAX).describe('Minutes'),
  tool: zString()
    .trim()
    .min(1)
    .max(100)
    .describe('Name of the AI tool; counted case-sensitively as entered, trimmed'),
  notes: zString().trim().max(2000).optional(),
  timestamp: ZIsoDateTime,
});
export type InteractionCreateInput = z.infer<typeof ZInteractionCreateInput>;

export const ZInteraction = z
  .object({
    id: ZId,
    user_id: ZId,
    duration: z.number().int(),
    tool: z.string(),
    notes: z.string().nullable(),
    timestamp: z.string(),
  })
  .meta({ id: 'InteractionLog' });
export type Interaction = z.infer<typeof ZInteraction>;

export const ZInteractionHistory = z.array(ZInteraction);
