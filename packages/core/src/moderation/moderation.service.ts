import type { Message } from '@wbn/contracts/common';
import { REPORT_RECEIVED, type ReportInput } from '@wbn/contracts/community';
import {
  ACTION_APPLIED,
  type ActionsInput,
  type ContentActionInput,
  type ModerationAction,
  type ModerationNotice,
  type ModerationReport,
  type ReportsInput,
  type UserActionInput,
} from '@wbn/contracts/moderation';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import { type Actor, assertModerator, assertNotBanned } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { ModerationRepository } from './moderation.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  config: Config['community'];
  moderation: ModerationRepository;
  activity?: ActivityRecorder;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_SILENCE_HOURS = 24;
const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Moderators act on members and their content, never on themselves or on one another (nor on their
 * content): that is an operator's job, and it keeps one moderator from silencing another.
 */
function assertMayModerate(actor: Actor, target: { id: string; is_moderator: boolean } | undefined): void {
  if (target && (target.id === actor.id || target.is_moderator)) {
    throw new AppError('FORBIDDEN', 'Moderators cannot act on themselves or on other moderators', {
      reason: 'CANNOT_MODERATE_TARGET',
    });
  }
}

export function createModerationService({ db, clock, config, moderation, activity }: Deps) {
  return {
    /**
     * Weighted flags (Habitica/Discourse): each member's report weighs 1, a moderator's weighs the
     * whole threshold. When the open reports on an item reach it, the item is hidden pending review
     * and its reports jump to the front of the queue. A repeat report inserts nothing and answers the same.
     */
    async report(actor: Actor, input: ReportInput): Promise<Message> {
      assertNotBanned(actor);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const item = await moderation.lockContent(tx, input.content_type, input.id);
        if (!item || item.deleted_at) throw notFound(input.content_type === 'post' ? 'Post' : 'Reply');
        const inserted = await moderation.insertReport(tx, {
          reporter_user_id: actor.id,
          content_type: input.content_type,
          content_id: item.id,
          reason: input.reason,
          timestamp: now,
          weight: actor.isModerator ? config.flagThreshold : 1,
        });
        if (!inserted) return;
        if (item.is_hidden) {
          if (item.hidden_reason === 'flags')
            await moderation.prioritiseOpenReports(tx, input.content_type, item.id);
          return;
        }
        const weight = await moderation.openReportWeight(tx, input.content_type, item.id);
        if (weight < config.flagThreshold) return;
        await moderation.updateContent(tx, input.content_type, item.id, {
          is_hidden: true,
          hidden_reason: 'flags',
        });
        await moderation.prioritiseOpenReports(tx, input.content_type, item.id);
        await moderation.insertNotice(tx, {
          user_id: item.author_user_id,
          action_id: null,
          action: 'auto_hide',
          content_type: input.content_type,
          content_id: item.id,
          reason: 'Hidden after reports from the community, pending review by a moderator',
          created_at: now,
        });
      });
      return { message: REPORT_RECEIVED };
    },

    async listReports(actor: Actor, input: ReportsInput): Promise<ModerationReport[]> {
      assertModerator(actor);
      const rows = await moderation.listReports(db, {
        status: input.status,
        limit: input.limit,
        offset: (input.page - 1) * input.limit,
      });
      return rows.map((row) => ({
        id: row.id,
        content_type: row.content_type,
        content_id: row.content_id,
        reason: row.reason,
        reporter_id: row.reporter_user_id,
        status: row.status,
        timestamp: row.timestamp.toISOString(),
        weight: row.weight,
        priority: row.priority,
        content_snippet: row.snippet,
        author_id: row.author_id,
        author_pseudonym: row.author_pseudonym,
        report_count: row.report_count,
        is_hidden: row.is_hidden ?? false,
        is_deleted: row.is_deleted ?? true,
        resolved_at: iso(row.resolved_at),
        resolution: row.resolution,
      }));
    },

    /**
     * hide / unhide / delete (soft: the text is purged after the retention period) / edit (the
     * original stays in the audit log). Any action is the review: it resolves the item's open
     * reports, and an edit lifts a hide that reports (not a moderator) had put on the item.
     */
    async actOnContent(actor: Actor, input: ContentActionInput): Promise<Message> {
      assertModerator(actor);
      if (input.action === 'edit' && !input.new_content) {
        throw new AppError('VALIDATION', 'new_content: required for edit', {
          issues: [{ path: 'new_content', message: 'required for edit' }],
        });
      }
      const now = clock.now();
      const kind = input.content_type;
      await db.transaction().execute(async (tx) => {
        const item = await moderation.lockContent(tx, kind, input.id);
        if (!item || item.deleted_at) throw notFound(kind === 'post' ? 'Post' : 'Reply');
        assertMayModerate(actor, await moderation.findUser(tx, item.author_user_id));
        let before: string | null = null;
        let after: string | null = null;
        switch (input.action) {
          case 'hide':
            await moderation.updateContent(tx, kind, item.id, {
              is_hidden: true,
              hidden_reason: 'moderator',
            });
            break;
          case 'unhide':
            await moderation.updateContent(tx, kind, item.id, { is_hidden: false, hidden_reason: null });
            break;
          case 'delete':
            await moderation.updateContent(tx, kind, item.id, { deleted_at: now });
            break;
          case 'edit': {
            before = item.content;
            after = input.new_content ?? '';
            const lift = item.hidden_reason === 'flags' ? { is_hidden: false, hidden_reason: null } : {};
            await moderation.updateContent(tx, kind, item.id, { content: after, edited_at: now, ...lift });
            break;
          }
        }
        const reason = input.reason ?? null;
        const action = await moderation.insertAction(tx, {
          moderator_user_id: actor.id,
          target_user_id: item.author_user_id,
          action: input.action,
          content_type: kind,
          content_id: item.id,
          reason,
          before_text: before,
          after_text: after,
          created_at: now,
        });
        await moderation.resolveOpenReports(tx, {
          kind,
          id: item.id,
          by: actor.id,
          now,
          resolution: input.action,
        });
        await moderation.insertNotice(tx, {
          user_id: item.author_user_id,
          action_id: action.id,
          action: input.action,
          content_type: kind,
          content_id: item.id,
          reason,
          created_at: now,
        });
        await activity?.record(tx, {
          userId: item.author_user_id,
          kind: 'moderation-action',
          actor: 'moderator',
          details: { action: input.action, content_type: kind },
        });
      });
      return { message: ACTION_APPLIED };
    },

    /**
     * warn (restricts nothing) / silence (read-only for `duration` hours) / ban (every request and
     * login refused at once: the per-request session check reads is_banned) / unban (lifts ban and
     * silence). Moderators cannot act on themselves or on one another: that is an operator's job.
     */
    async actOnUser(actor: Actor, input: UserActionInput): Promise<Message> {
      assertModerator(actor);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const target = await moderation.findUser(tx, input.id);
        if (!target) throw notFound('User');
        assertMayModerate(actor, target);
        let until: Date | null = null;
        if (input.action === 'silence') {
          until = new Date(now.getTime() + (input.duration ?? DEFAULT_SILENCE_HOURS) * HOUR_MS);
          await moderation.updateUser(tx, target.id, { silenced_until: until }, now);
        } else if (input.action === 'ban') {
          await moderation.updateUser(tx, target.id, { is_banned: true }, now);
        } else if (input.action === 'unban') {
          await moderation.updateUser(tx, target.id, { is_banned: false, silenced_until: null }, now);
        }
        const action = await moderation.insertAction(tx, {
          moderator_user_id: actor.id,
          target_user_id: target.id,
          action: input.action,
          reason: input.reason,
          until,
          created_at: now,
        });
        await moderation.insertNotice(tx, {
          user_id: target.id,
          action_id: action.id,
          action: input.action,
          reason: input.reason,
          until,
          created_at: now,
        });
        await activity?.record(tx, {
          userId: target.id,
          kind: 'moderation-action',
          actor: 'moderator',
          details: { action: input.action },
        });
      });
      return { message: ACTION_APPLIED };
    },

    async listActions(actor: Actor, input: ActionsInput): Promise<ModerationAction[]> {
      assertModerator(actor);
      const rows = await moderation.listActions(db, {
        targetUserId: input.target_user_id,
        moderatorId: input.moderator_id,
        action: input.action,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
        limit: input.limit,
        offset: (input.page - 1) * input.limit,
      });
      return rows.map((row) => ({
        id: row.id,
        moderator_id: row.moderator_user_id,
        action: row.action,
        target_user_id: row.target_user_id,
        content_type: row.content_type,
        content_id: row.content_id,
        reason: row.reason,
        before_text: row.before_text,
        after_text: row.after_text,
        until: iso(row.until),
        timestamp: row.created_at.toISOString(),
      }));
    },

    /** The statement of reasons for every action on the user or their content, newest first. */
    async listNotices(userId: string, input: { page: number; limit: number }): Promise<ModerationNotice[]> {
      const rows = await moderation.listNotices(db, {
        userId,
        limit: input.limit,
        offset: (input.page - 1) * input.limit,
      });
      return rows.map((row) => ({
        id: row.id,
        action: row.action,
        content_type: row.content_type,
        content_id: row.content_id,
        reason: row.reason,
        until: iso(row.until),
        timestamp: row.created_at.toISOString(),
      }));
    },

    /**
     * Delete policy: soft delete, then the text is blanked once COMMUNITY_DELETED_RETENTION_DAYS
     * have passed (the window for appeals and moderator review). Idempotent; meant for a daily job.
     */
    purgeDeletedContent(): Promise<{ posts: number; replies: number }> {
      const cutoff = new Date(clock.now().getTime() - config.deletedRetentionDays * DAY_MS);
      return db.transaction().execute((tx) => moderation.purgeDeletedText(tx, cutoff));
    },
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;
