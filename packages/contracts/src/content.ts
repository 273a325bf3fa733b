import { z } from 'zod';
import { LIST_LIMIT_MAX, ZId, ZIsoDateTime, ZLimit, zString } from './common.ts';

/**
 * Content: the schema of one content-pack file (content/<folder>/<slug>.yaml, see content/README.md)
 * and the API's content responses. File schemas are strict so a misspelt field is an error that names
 * it, not a silently dropped line of content.
 */

export const CONTENT_TYPES = ['module', 'article', 'exercise', 'tip', 'prompt'] as const;
export const ZContentType = z.enum(CONTENT_TYPES);
export type ContentType = z.infer<typeof ZContentType>;

export const ZSlug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, single hyphens)');

const markdown = (max: number) => zString().trim().min(1).max(max);

const ZSection = z.strictObject({ heading: markdown(120), body: markdown(8000) });

const readingBody = (minSections: number, maxSections: number) =>
  z.strictObject({
    reading_minutes: z.number().int().min(1).max(60),
    sections: z.array(ZSection).min(minSections).max(maxSections),
    related: z.array(ZSlug).max(20).optional(),
  });

export const ZModuleBody = readingBody(4, 7).meta({ id: 'ModuleBody' });
export const ZArticleBody = readingBody(3, 5).meta({ id: 'ArticleBody' });

export const ZExerciseStep = z.strictObject({
  text: markdown(500),
  seconds: z.number().int().min(1).max(600),
});

export const ZExerciseBody = z
  .strictObject({
    duration_minutes: z.number().int().min(1).max(120),
    intro: markdown(4000).optional(),
    steps: z.array(ZExerciseStep).min(1).max(200),
    closing: markdown(4000).optional(),
  })
  .meta({ id: 'ExerciseBody' });

/** Tips double as push-notification bodies, so they stay short. */
export const ZTipBody = z.strictObject({ text: markdown(200) }).meta({ id: 'TipBody' });
export const ZPromptBody = z.strictObject({ text: markdown(200) }).meta({ id: 'PromptBody' });

const fileBase = {
  slug: ZSlug,
  title: markdown(120),
  crisis_resources: z.boolean().default(false),
};
const described = { ...fileBase, description: markdown(280) };

/** One YAML file of the pack. `body` becomes `content_structure`. */
export const ZContentItemFile = z.discriminatedUnion('type', [
  z.strictObject({ ...described, type: z.literal('module'), body: ZModuleBody }),
  z.strictObject({ ...described, type: z.literal('article'), body: ZArticleBody }),
  z.strictObject({
    ...described,
    type: z.literal('exercise'),
    audio: z
      .string()
      .regex(/^audio\/[a-z0-9]+(-[a-z0-9]+)*\.ogg$/, 'must be a path like audio/<slug>.ogg')
      .optional(),
    body: ZExerciseBody,
  }),
  // A tip's title is a notification title: 40 characters at most.
  z.strictObject({ ...fileBase, title: markdown(40), type: z.literal('tip'), body: ZTipBody }),
  z.strictObject({ ...fileBase, type: z.literal('prompt'), body: ZPromptBody }),
]);
export type ContentItemFile = z.infer<typeof ZContentItemFile>;

// ---- API -------------------------------------------------------------------------------------------

export const ZContentListInput = z.object({
  type: ZContentType.optional().describe('Only items of this type'),
  limit: ZLimit,
  offset: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe(`Items to skip (pages of at most ${LIST_LIMIT_MAX})`),
});
export type ContentListInput = z.infer<typeof ZContentListInput>;

export const ZContentSummary = z
  .object({
    id: ZId,
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    type: ZContentType,
    crisis_resources: z.boolean().describe('Show the bundled crisis contacts alongside this item'),
    has_audio: z.boolean(),
  })
  .meta({ id: 'ContentSummary' });
export type ContentSummary = z.infer<typeof ZContentSummary>;

export const ZMediaUrls = z
  .object({
    audio: z
      .url()
      .describe('Ogg Vorbis audio: GET /api/content/audio/{id}, or a CDN URL when one is configured'),
  })
  .meta({ id: 'MediaUrls' });

/** One item: the summary's identity fields plus the body the client renders. */
export const ZContentItem = ZContentSummary.omit({ has_audio: true })
  .extend({
    content_structure: z
      .record(z.string(), z.unknown())
      .describe(
        'The structured body the client renders; its shape depends on `type` (see ModuleBody, ExerciseBody, TipBody)',
      ),
    media_urls: ZMediaUrls.optional(),
    updated_at: ZIsoDateTime,
  })
  .meta({ id: 'ContentItem' });
export type ContentItem = z.infer<typeof ZContentItem>;

export const ZContentLoadResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  media_uploaded: z.number().int(),
});
export type ContentLoadResult = z.infer<typeof ZContentLoadResult>;
