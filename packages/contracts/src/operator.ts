import { z } from 'zod';
import { ZUser } from './auth.ts';
import { ZIsoDateTime, zText } from './common.ts';

/** What operators do from the console: roles, job queues and the content pack. */

/** The roles an operator may change over the API; the operator role itself is granted only from the CLI. */
export const ZOperatorRole = z.enum(['premium', 'moderator']);
export type OperatorRole = z.infer<typeof ZOperatorRole>;

export const ZRoleChangeInput = z.object({
  username: zText(64),
  role: ZOperatorRole,
  grant: z.boolean().describe('true grants the role, false revokes it'),
});
export type RoleChangeInput = z.infer<typeof ZRoleChangeInput>;

export const ZRoleChangeResult = ZUser.meta({ id: 'RoleChangeResult' });

export const ZQueueStats = z
  .object({
    name: z.string(),
    dead_letter: z.string().nullable().describe('Where jobs go once their retries are exhausted'),
    queued: z.number().int().describe('Waiting to run (including retries and delayed jobs)'),
    active: z.number().int(),
    failed: z.number().int().describe('Failed for good (still retained)'),
    completed: z.number().int().describe('Completed and still retained'),
  })
  .meta({ id: 'QueueStats' });
export type QueueStats = z.infer<typeof ZQueueStats>;

export const ZContentPackStatus = z
  .object({
    version: z
      .string()
      .nullable()
      .describe('A digest of every loaded item (slug + content hash): equal packs give equal versions'),
    items: z.number().int(),
    last_loaded_at: ZIsoDateTime.nullable().describe('When a load last created or changed an item'),
  })
  .meta({ id: 'ContentPackStatus' });
export type ContentPackStatus = z.infer<typeof ZContentPackStatus>;

export const ZOperatorOverview = z
  .object({ queues: z.array(ZQueueStats), content: ZContentPackStatus })
  .meta({ id: 'OperatorOverview' });
export type OperatorOverview = z.infer<typeof ZOperatorOverview>;
