import type { HistoryQuery } from '@wbn/contracts/checkins';
import type { Message } from '@wbn/contracts/common';
import type { Interaction, InteractionCreated, InteractionCreateInput } from '@wbn/contracts/interactions';
import { historyRange } from '../checkins/checkins.service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { SupportService } from '../safety/support.service.ts';
import { entryTimestamp } from '../time/entry-timestamp.ts';
import type { InteractionsRepository } from './interactions.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  interactions: InteractionsRepository;
  support: Pick<SupportService, 'supportFor'>;
}

const toInteraction = (row: {
  id: string;
  user_id: string;
  timestamp: Date;
  duration: number;
  tool: string;
  notes: string | null;
}): Interaction => ({
  id: row.id,
  user_id: row.user_id,
  duration: row.duration,
  tool: row.tool,
  notes: row.notes,
  timestamp: row.timestamp.toISOString(),
});

export function createInteractionsService({ db, clock, interactions, support }: Deps) {
  return {
    async create(userId: string, input: InteractionCreateInput): Promise<InteractionCreated> {
      const row = await interactions.create(db, {
        user_id: userId,
        timestamp: entryTimestamp(input.timestamp, clock.now()),
        duration: input.duration,
        tool: input.tool,
        notes: input.notes ? input.notes : null,
      });
      const offer = input.notes ? await support.supportFor(userId, input.notes) : undefined;
      return { ...toInteraction(row), ...(offer ? { support: offer } : {}) };
    },

    async history(userId: string, query: HistoryQuery): Promise<Interaction[]> {
      const rows = await interactions.listForUser(db, {
        userId,
        limit: query.limit,
        ...historyRange(query),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return rows.map(toInteraction);
    },

    async get(userId: string, id: string): Promise<Interaction> {
      const row = await interactions.findForUser(db, { userId, id });
      if (!row) throw notFound('Interaction log');
      return toInteraction(row);
    },

    async delete(userId: string, id: string): Promise<Message> {
      if (!(await interactions.deleteForUser(db, { userId, id }))) throw notFound('Interaction log');
      return { message: 'Interaction log deleted.' };
    },
  };
}
export type InteractionsService = ReturnType<typeof createInteractionsService>;
