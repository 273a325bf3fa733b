import type { Checkin, CheckinCreateInput, CheckinHistoryItem, HistoryQuery } from '@wbn/contracts/checkins';
import type { Message } from '@wbn/contracts/common';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { notFound, validation } from '../errors.ts';
import { entryTimestamp } from '../time/entry-timestamp.ts';
import type { CheckinsRepository } from './checkins.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  checkins: CheckinsRepository;
}

type Row = { id: string; user_id: string; timestamp: Date; anxiety_level: number; triggers: string[] };

const toCheckin = (row: Row): Checkin => ({
  id: row.id,
  anxiety_level: row.anxiety_level,
  triggers: row.triggers,
  timestamp: row.timestamp.toISOString(),
  user_id: row.user_id,
});

/** Parses the optional from/to of a history query, refusing an empty or inverted range. */
export function historyRange(query: { from?: string | undefined; to?: string | undefined }) {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw validation('to', 'must be after from');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function createCheckinsService({ db, clock, checkins }: Deps) {
  return {
    async create(userId: string, input: CheckinCreateInput): Promise<Checkin> {
      const timestamp = entryTimestamp(input.timestamp, clock.now());
      const row = await checkins.create(db, {
        user_id: userId,
        timestamp,
        anxiety_level: input.anxiety_level,
        triggers: input.triggers,
      });
      return toCheckin(row);
    },

    async history(userId: string, query: HistoryQuery): Promise<CheckinHistoryItem[]> {
      return checkins.listForUser(db, {
        userId,
        limit: query.limit,
        ...historyRange(query),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    },

    async get(userId: string, id: string): Promise<Checkin> {
      const row = await checkins.findForUser(db, { userId, id });
      if (!row) throw notFound('Check-in');
      return toCheckin(row);
    },

    async delete(userId: string, id: string): Promise<Message> {
      if (!(await checkins.deleteForUser(db, { userId, id }))) throw notFound('Check-in');
      return { message: 'Check-in deleted.' };
    },
  };
}
export type CheckinsService = ReturnType<typeof createCheckinsService>;
