import { EXPORT_TTL_HOURS, EXPORT_VERSION, type ExportStatus } from '@wbn/contracts/account';
import { QUEUES } from '@wbn/contracts/queues';
import type { Selectable } from 'kysely';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { type JournalCipher, JournalCipherError } from '../crypto/journal-cipher.ts';
import type { Db } from '../db/database.ts';
import type { DataExportsTable } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import type { JournalService } from '../journal/journal.service.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { MediaStorage } from '../storage/media-storage.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { DataRightsRepository } from './data-rights.repository.ts';
import { EXPORT_SECTIONS } from './export.sections.ts';
import { buildExportFiles, type ExportDocument, type ExportRow } from './export-archive.ts';
import type { ExportsRepository } from './exports.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  queue: JobQueue;
  storage: MediaStorage;
  cipher: JournalCipher;
  journal: Pick<JournalService, 'fileKey' | 'recentPlaintext'>;
  exports: ExportsRepository;
  data: DataRightsRepository;
  users: UsersRepository;
  activity: ActivityRecorder;
}

const HOUR_MS = 3_600_000;
const EXPORT_WINDOW_MS = 24 * HOUR_MS;
const ALL_ENTRIES = 100_000_000;
/** Longer than every retry of the data-export queue together (see queue-policies.ts). */
const STALE_QUEUED_MS = 6 * HOUR_MS;

export type ExportFormat = 'json' | 'zip';
const fileKey = (exportId: string, format: ExportFormat) => `exports/${exportId}/export.${format}.enc`;
const columnsOf = (name: string) => {
  const section = EXPORT_SECTIONS.find((s) => s.name === name);
  return section ? [...section.columns, ...(name === 'journal_entries' ? ['content'] : [])] : [];
};

function toStatus(row: Selectable<DataExportsTable>): ExportStatus {
  return {
    id: row.id,
    status: row.status,
    requested_at: row.requested_at.toISOString(),
    ready_at: row.ready_at?.toISOString() ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
    bytes: row.bytes,
    export_version: EXPORT_VERSION,
  };
}

/**
 * The right of access and portability: everything the person owns, as one JSON document and a ZIP
 * with one CSV per data type, built by the worker, stored encrypted under the person's journal data
 * key in the media store and kept 24 hours. A banned person keeps this right: no ban check here.
 */
export function createExportService(deps: Deps) {
  const { db, clock, storage, cipher, journal, exports, data, users, activity } = deps;

  async function collect(userId: string): Promise<ExportDocument> {
    // One snapshot, so the sections agree with one another.
    const sections = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const out: ExportDocument['sections'] = {};
        for (const section of EXPORT_SECTIONS) {
          const rows = await data.readSection(tx, section, userId);
          out[section.name] = section.single ? (rows[0] ?? null) : rows;
        }
        return out;
      });
    const texts = new Map(
      (await journal.recentPlaintext(userId, { since: new Date(0), limit: ALL_ENTRIES })).map((e) => [
        e.id,
        e.text,
      ]),
    );
    const entries = (sections.journal_entries ?? []) as ExportRow[];
    const unreadable: string[] = [];
    sections.journal_entries = entries.map((entry) => {
      const content = texts.get(entry.id as string);
      if (content === undefined) unreadable.push(entry.id as string);
      return { ...entry, content: content ?? null };
    });
    const settings = sections.settings as ExportRow | null;
    return {
      export_version: EXPORT_VERSION,
      generated_at: clock.now().toISOString(),
      user_id: userId,
      insights_consent: { journal_insights_opt_in: settings?.journal_insights_opt_in === true },
      unreadable_journal_entries: unreadable,
      sections,
    };
  }

  return {
    /**
     * At most one export per 24 hours (a failed one does not count). The user row is locked, so two
     * concurrent requests queue exactly one job; the job joins the transaction of its row.
     */
    async request(actor: Actor): Promise<ExportStatus> {
      const now = clock.now();
      const row = await db.transaction().execute(async (tx) => {
        await users.lockForUpdate(tx, actor.id);
        const latest = await exports.findLatestForUser(tx, actor.id);
        const nextAllowed = latest ? latest.requested_at.getTime() + EXPORT_WINDOW_MS : 0;
        if (latest && latest.status !== 'failed' && nextAllowed > now.getTime()) {
          throw new AppError(
            'RATE_LIMITED',
            'One export per 24 hours: the last one is still yours to download',
            {
              retryAfterSeconds: Math.ceil((nextAllowed - now.getTime()) / 1000),
            },
          );
        }
        const created = await exports.insert(tx, { user_id: actor.id, requested_at: now });
        await deps.queue.send(QUEUES.dataExport, { export_id: created.id, user_id: actor.id }, { tx });
        await activity.record(tx, {
          userId: actor.id,
          kind: 'export-requested',
          sessionId: actor.sessionId ?? null,
        });
        return created;
      });
      return toStatus(row);
    },

    async status(actor: Actor): Promise<ExportStatus> {
      const latest = await exports.findLatestForUser(db, actor.id);
      if (!latest) throw notFound('Export');
      return toStatus(latest);
    },

    /** The worker's half. Idempotent: an export that is no longer queued is left alone. */
    async build(job: { exportId: string; userId: string }): Promise<{ bytes: number } | undefined> {
      const row = await exports.findForUser(db, { userId: job.userId, id: job.exportId });
      if (row?.status !== 'queued') return undefined;
      const files = buildExportFiles(await collect(job.userId), columnsOf);
      const dek = await journal.fileKey(job.userId);
      const ids = { userId: job.userId, fileId: job.exportId };
      for (const format of ['json', 'zip'] as const) {
        await storage.put(
          fileKey(job.exportId, format),
          cipher.encryptFile(dek, ids, files[format]),
          'application/octet-stream',
        );
      }
      const now = clock.now();
      await exports.markReady(db, {
        id: job.exportId,
        userId: job.userId,
        now,
        expiresAt: new Date(now.getTime() + EXPORT_TTL_HOURS * HOUR_MS),
        storageKey: `exports/${job.exportId}`,
        bytes: files.zip.length,
      });
      return { bytes: files.zip.length };
    },

    async download(
      actor: Actor,
      format: ExportFormat,
    ): Promise<{ body: Buffer; contentType: string; filename: string }> {
      const now = clock.now();
      const latest = await exports.findLatestForUser(db, actor.id);
      if (
        !latest ||
        latest.status === 'expired' ||
        latest.status === 'failed' ||
        (latest.expires_at ?? now) < now
      ) {
        throw notFound('Export');
      }
      if (latest.status !== 'ready') {
        throw new AppError('CONFLICT', 'The export is still being prepared', { reason: 'EXPORT_NOT_READY' });
      }
      const stream = await storage.read(fileKey(latest.id, format));
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const dek = await journal.fileKey(actor.id);
      let body: Buffer;
      try {
        body = cipher.decryptFile(dek, { userId: actor.id, fileId: latest.id }, Buffer.concat(chunks));
      } catch (error) {
        // The key it was sealed with is gone (the journal was deleted since): the copy is unreadable.
        if (error instanceof JournalCipherError) throw notFound('Export');
        throw error;
      }
      await db.transaction().execute(async (tx) => {
        await exports.markDownloaded(tx, { id: latest.id, now });
        await activity.record(tx, {
          userId: actor.id,
          kind: 'export-downloaded',
          sessionId: actor.sessionId ?? null,
          details: { format },
        });
      });
      return {
        body,
        contentType: format === 'json' ? 'application/json' : 'application/zip',
        filename: `wellbeing-navigator-export-${latest.requested_at.toISOString().slice(0, 10)}.${format}`,
      };
    },

    /**
     * Deletes the person's stored exports at once (account or journal deletion): a copy of erased data
     * must not outlive it, even encrypted under a key that is about to be deleted too.
     */
    async discardForUser(userId: string): Promise<void> {
      for (const row of await exports.listStoredForUser(db, userId)) {
        for (const format of ['json', 'zip'] as const) await storage.delete(fileKey(row.id, format));
        await exports.markExpired(db, row.id);
      }
    },

    /**
     * Deletes the files of exports past their 24 hours, and marks exports whose job ran out of retries
     * as failed (they stop counting against the allowance). Returns how many expired.
     */
    async purgeExpired(): Promise<number> {
      const now = clock.now();
      await exports.failQueuedBefore(db, new Date(now.getTime() - STALE_QUEUED_MS));
      const expired = await exports.listExpired(db, { now, limit: 1000 });
      for (const row of expired) {
        for (const format of ['json', 'zip'] as const) await storage.delete(fileKey(row.id, format));
        await exports.markExpired(db, row.id);
      }
      return expired.length;
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
