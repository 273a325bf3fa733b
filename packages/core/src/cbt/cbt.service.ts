import {
  CBT_TOOLS,
  type CbtEntriesQuery,
  type CbtEntry,
  type CbtEntryCreated,
  type CbtType,
} from '@wbn/contracts/cbt';
import type { Message } from '@wbn/contracts/common';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type SupportService, textsOf } from '../safety/support.service.ts';
import { entryTimestamp } from '../time/entry-timestamp.ts';
import type { CbtRepository } from './cbt.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  cbt: CbtRepository;
  support: Pick<SupportService, 'supportFor'>;
}

const toCbtEntry = (row: {
  id: string;
  user_id: string;
  type: string;
  data: unknown;
  timestamp: Date;
}): CbtEntry => ({
  id: row.id,
  user_id: row.user_id,
  type: row.type,
  data: row.data as Record<string, unknown>,
  timestamp: row.timestamp.toISOString(),
});

export function createCbtService({ db, clock, cbt, support }: Deps) {
  return {
    /**
     * Saves an entry of any registered tool. The data is checked again against the tool's schema here,
     * so a caller that is not the HTTP layer cannot store an unchecked shape.
     */
    async create(
      userId: string,
      type: CbtType,
      input: { data: unknown; timestamp: string },
    ): Promise<CbtEntryCreated> {
      const timestamp = entryTimestamp(input.timestamp, clock.now());
      const parsed = CBT_TOOLS[type].safeParse(input.data);
      if (!parsed.success) {
        throw new AppError('VALIDATION', 'data does not match the tool', {
          issues: parsed.error.issues.map((i) => ({
            path: ['data', ...i.path.map(String)].join('.'),
            message: i.message,
          })),
        });
      }
      const row = await cbt.create(db, {
        user_id: userId,
        type,
        data: JSON.stringify(parsed.data),
        timestamp,
      });
      const offer = await support.supportFor(userId, ...textsOf(parsed.data));
      return { ...toCbtEntry(row), ...(offer ? { support: offer } : {}) };
    },

    async list(userId: string, query: CbtEntriesQuery): Promise<CbtEntry[]> {
      const rows = await cbt.listForUser(db, {
        userId,
        limit: query.limit,
        ...(query.type ? { type: query.type } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return rows.map(toCbtEntry);
    },

    async get(userId: string, id: string): Promise<CbtEntry> {
      const row = await cbt.findForUser(db, { userId, id });
      if (!row) throw notFound('CBT entry');
      return toCbtEntry(row);
    },

    async delete(userId: string, id: string): Promise<Message> {
      if (!(await cbt.deleteForUser(db, { userId, id }))) throw notFound('CBT entry');
      return { message: 'CBT entry deleted.' };
    },
  };
}
export type CbtService = ReturnType<typeof createCbtService>;
