import { randomUUID } from 'node:crypto';
import type { Message } from '@wbn/contracts/common';
import type {
  JournalCreateInput,
  JournalEntry,
  JournalEntryCreated,
  JournalEntryMeta,
  JournalListQuery,
  JournalPrompt,
} from '@wbn/contracts/journal';
import type { Clock } from '../clock.ts';
import { type DataKey, type JournalCipher, JournalCipherError } from '../crypto/journal-cipher.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { AppError, notFound, validation } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SupportService } from '../safety/support.service.ts';
import { entryTimestamp } from '../time/entry-timestamp.ts';
import type { JournalRepository } from './journal.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  cipher: JournalCipher;
  journal: JournalRepository;
  support: Pick<SupportService, 'supportFor'>;
}

/** Deliberately says nothing about why: a tampered row and a wrong key look the same from outside. */
export const unreadableEntry = () =>
  new AppError('INTERNAL', 'This journal entry could not be opened', { reason: 'ENTRY_UNREADABLE' });

export function createJournalService({ db, clock, logger, cipher, journal, support }: Deps) {
  async function dataKey(tx: DbOrTx, userId: string, create: boolean): Promise<DataKey | undefined> {
    let stored = await journal.findDataKey(tx, userId);
    if (!stored && create) {
      const fresh = cipher.newDataKey(userId, randomUUID());
      stored =
        (await journal.insertDataKey(tx, {
          user_id: userId,
          key_id: fresh.wrapped.keyId,
          kek_id: fresh.wrapped.kekId,
          wrapped_key: fresh.wrapped.wrapped,
        })) ?? (await journal.findDataKey(tx, userId));
    }
    if (!stored) return undefined;
    return cipher.unwrap(userId, { keyId: stored.key_id, kekId: stored.kek_id, wrapped: stored.wrapped_key });
  }

  /** Decrypts one row; any failure is logged by id only (never content) and surfaces as a generic error. */
  function open(dek: DataKey | undefined, userId: string, row: { id: string; content: Buffer }): string {
    try {
      if (!dek) throw new JournalCipherError();
      return cipher.decrypt(dek, { userId, entryId: row.id }, row.content);
    } catch (error) {
      if (!(error instanceof JournalCipherError)) throw error;
      logger.warn({ userId, entryId: row.id }, 'journal entry failed authentication');
      throw unreadableEntry();
    }
  }

  return {
    async create(userId: string, input: JournalCreateInput): Promise<JournalEntryCreated> {
      const timestamp = entryTimestamp(input.timestamp, clock.now());
      if (input.prompt_id && !(await journal.findPrompt(db, input.prompt_id))) {
        throw validation('prompt_id', 'is not a journal prompt');
      }
      // The id is made here, before encrypting, because the associated data binds the ciphertext to it.
      const id = randomUUID();
      const dek = await dataKey(db, userId, true);
      if (!dek) throw unreadableEntry();
      const content = cipher.encrypt(dek, { userId, entryId: id }, input.content);
      const row = await journal.create(db, {
        id,
        user_id: userId,
        timestamp,
        content,
        prompt_id: input.prompt_id ?? null,
      });
      // The offer of help is computed from the plaintext in memory and only returned: whether an
      // entry suggested risk is not a fact we store or log anywhere.
      const offer = await support.supportFor(userId, input.content);
      return {
        id: row.id,
        user_id: row.user_id,
        timestamp: row.timestamp.toISOString(),
        prompt_id: row.prompt_id,
        created_at: row.created_at.toISOString(),
        ...(offer ? { support: offer } : {}),
      };
    },

    async list(userId: string, query: JournalListQuery): Promise<JournalEntryMeta[]> {
      const rows = await journal.listMetaForUser(db, {
        userId,
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return rows.map((row) => ({
        id: row.id,
        timestamp: row.timestamp.toISOString(),
        prompt_id: row.prompt_id,
      }));
    },

    async get(userId: string, id: string): Promise<JournalEntry> {
      const row = await journal.findForUser(db, { userId, id });
      if (!row) throw notFound('Journal entry');
      const dek = await dataKey(db, userId, false).catch((error: unknown) => {
        if (error instanceof JournalCipherError) return undefined;
        throw error;
      });
      return {
        id: row.id,
        timestamp: row.timestamp.toISOString(),
        prompt_id: row.prompt_id,
        content: open(dek, userId, row),
      };
    },

    async delete(userId: string, id: string): Promise<Message> {
      if (!(await journal.deleteForUser(db, { userId, id }))) throw notFound('Journal entry');
      return { message: 'Journal entry deleted.' };
    },

    /**
     * The user's data key (created on first use), for files that must be encrypted like the journal
     * (data exports). Only the worker and the download path call this, for the user's own files.
     */
    async fileKey(userId: string): Promise<DataKey> {
      const dek = await dataKey(db, userId, true);
      if (!dek) throw unreadableEntry();
      return dek;
    },

    async prompts(): Promise<JournalPrompt[]> {
      const rows = await journal.listPrompts(db);
      return rows.flatMap((row) => (row.text ? [{ id: row.id, text: row.text }] : []));
    },

    /**
     * Decrypts a user's recent entries in memory for insights. The plaintext lives only in the returned
     * array; unreadable entries are skipped (and logged by id) rather than failing the whole request.
     */
    async recentPlaintext(userId: string, options: { since: Date; limit: number }) {
      const rows = await journal.recentWithContent(db, { userId, ...options });
      if (rows.length === 0) return [];
      // Only an unreadable key or entry is skipped; a database or keyring failure fails the request.
      const dek = await dataKey(db, userId, false).catch((error: unknown) => {
        if (error instanceof JournalCipherError) return undefined;
        throw error;
      });
      return rows.flatMap((row) => {
        try {
          return [{ id: row.id, timestamp: row.timestamp, text: open(dek, userId, row) }];
        } catch (error) {
          if (error instanceof AppError && error.reason === 'ENTRY_UNREADABLE') return [];
          throw error;
        }
      });
    },
  };
}
export type JournalService = ReturnType<typeof createJournalService>;
