import { z } from 'zod';
import { withoutNul, ZId, ZIsoDateTime, ZLimit, zString } from './common.ts';

/**
 * CBT tool data. Each tool (`cbt_entries.type`) is one entry in CBT_TOOLS: a loose object schema
 * whose known fields are type-checked when present, all optional so a half-finished record can be
 * saved, while unknown fields (from newer clients) pass through verbatim. Adding a tool = adding one
 * schema here: POST /api/cbt/entries accepts it at once, its data checked by that schema.
 */

export const CBT_DATA_MAX_BYTES = 16_384;

const text = (max: number) => zString().max(max);
const intensity = z.number().min(0).max(100);

export const COGNITIVE_DISTORTIONS = [
  'all-or-nothing',
  'overgeneralisation',
  'mental-filter',
  'disqualifying-the-positive',
  'mind-reading',
  'fortune-telling',
  'catastrophising',
  'minimisation',
  'emotional-reasoning',
  'should-statements',
  'labelling',
  'personalisation',
  'blaming',
] as const;

export const ZThoughtRecordData = z.looseObject({
  situation: text(2000).optional(),
  automatic_thoughts: z.array(text(1000)).max(20).optional(),
  emotions: z
    .array(
      z.looseObject({
        name: text(100).optional(),
        intensity_before: intensity.optional(),
        intensity_after: intensity.optional(),
      }),
    )
    .max(20)
    .optional(),
  cognitive_distortions: z.array(z.enum(COGNITIVE_DISTORTIONS)).max(COGNITIVE_DISTORTIONS.length).optional(),
  evidence_for: text(4000).optional(),
  evidence_against: text(4000).optional(),
  balanced_thought: text(2000).optional(),
});
export type ThoughtRecordData = z.infer<typeof ZThoughtRecordData>;

/** The registry: type name → its data schema. */
export const CBT_TOOLS = {
  'thought-record': ZThoughtRecordData,
} as const;
export type CbtType = keyof typeof CBT_TOOLS;
export const ZCbtType = z.enum(Object.keys(CBT_TOOLS) as [CbtType, ...CbtType[]]);

/** The whole `data` object is bounded, whatever its fields. */
export function zCbtData<T extends z.ZodType>(schema: T) {
  // Unknown fields pass through verbatim into jsonb, so the NUL rule applies to them too.
  return withoutNul(schema).refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= CBT_DATA_MAX_BYTES,
    `must be at most ${CBT_DATA_MAX_BYTES} bytes as JSON`,
  );
}

export const ZThoughtRecordCreateInput = z.object({
  data: zCbtData(ZThoughtRecordData),
  timestamp: ZIsoDateTime,
});
export type ThoughtRecordCreateInput = z.infer<typeof ZThoughtRecordCreateInput>;

/** Any registered tool: `data` is checked against CBT_TOOLS[type] by the service. */
export const ZCbtEntryCreateInput = z.object({
  type: ZCbtType,
  data: zCbtData(z.record(z.string(), z.unknown())),
  timestamp: ZIsoDateTime,
});
export type CbtEntryCreateInput = z.infer<typeof ZCbtEntryCreateInput>;

export const ZCbtEntry = z
  .object({
    id: ZId,
    user_id: ZId,
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    timestamp: z.string(),
  })
  .meta({ id: 'CbtEntry' });
export type CbtEntry = z.infer<typeof ZCbtEntry>;

export const ZCbtEntriesQuery = z.object({
  type: ZCbtType.optional(),
  limit: ZLimit,
  cursor: ZId.optional().describe('id of the last item of the previous page'),
});
export type CbtEntriesQuery = z.infer<typeof ZCbtEntriesQuery>;

export const ZCbtEntries = z.array(ZCbtEntry);
