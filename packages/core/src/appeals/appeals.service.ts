import {
  APPEAL_WINDOW_DAYS,
  type Appeal,
  type AppealCreateInput,
  type AppealDecisionInput,
  type AppealsInput,
} from '@wbn/contracts/appeals';
import type { ActivityRecorder } from '../activity/activity.service.ts';
import { type Actor, assertModerator } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { ModerationRepository } from '../moderation/moderation.repository.ts';
import type { AppealsRepository } from './appeals.repository.ts';

interface Deps {
  db: Db;
  clock: Clock;
  appeals: AppealsRepository;
  moderation: ModerationRepository;
  activity?: ActivityRecorder;
}

const DAY_MS = 86_400_000;
/** Decisions against the person or their content; lifting ones (unhide, unban) leave nothing to appeal. */
const APPEALABLE = new Set(['auto_hide', 'hide', 'delete', 'edit', 'warn', 'silence', 'ban']);

type AppealRow = NonNullable<Awaited<ReturnType<AppealsRepository['find']>>>;
type Notice = NonNullable<Awaited<ReturnType<ModerationRepository['findNotice']>>>;
type Action = Awaited<ReturnType<ModerationRepository['findAction']>>;

const toAppeal = (row: AppealRow): Appeal => ({
  id: row.id,
  notice_id: row.notice_id,
  user_id: row.user_id,
  action: row.action,
  content_type: row.content_type,
  content_id: row.content_id,
  notice_reason: row.notice_reason,
  text: row.text,
  status: row.status,
  created_at: row.created_at.toISOString(),
  decided_at: row.decided_at?.toISOString() ?? null,
  decision_reason: row.decision_reason,
});

/**
 * Appeals (a statement of reasons can be contested): the person appeals a notice once, within the
 * window; another moderator decides; overturning undoes the decision in the same transaction that
 * records it, and the person is told the outcome and why.
 */
export function createAppealsService({ db, clock, appeals, moderation, activity }: Deps) {
  /** Undoes what the notice's decision did; what has since been undone otherwise is left as it is. */
  async function reverse(tx: DbOrTx, notice: Notice, action: Action, now: Date): Promise<void> {
    const kind = notice.content_type;
    const contentId = notice.content_id;
    switch (notice.action) {
      case 'auto_hide':
      case 'hide':
        if (kind && contentId) {
          await moderation.lockContent(tx, kind, contentId);
          await moderation.updateContent(tx, kind, contentId, { is_hidden: false, hidden_reason: null });
        }
        return;
      case 'delete':
        if (kind && contentId) {
          await moderation.lockContent(tx, kind, contentId);
          await moderation.updateContent(tx, kind, contentId, { deleted_at: null });
        }
        return;
      case 'edit':
        if (kind && contentId && action?.before_text != null) {
          await moderation.lockContent(tx, kind, contentId);
          await moderation.updateContent(tx, kind, contentId, {
            content: action.before_text,
            edited_at: now,
          });
        }
        return;
      case 'silence':
        await moderation.updateUser(tx, notice.user_id, { silenced_until: null }, now);
        return;
      case 'ban':
        await moderation.updateUser(tx, notice.user_id, { is_banned: false }, now);
        return;
      default:
        // A warning restricted nothing: overturning it is the record and the notice.
        return;
    }
  }

  return {
    /** Open to banned people: an appeal is how a ban is contested. Another person's notice is a 404. */
    async appeal(actor: Actor, input: AppealCreateInput): Promise<Appeal> {
      const now = clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const notice = await moderation.findNoticeFor(tx, { id: input.id, userId: actor.id });
        if (!notice) throw notFound('Notice');
        if (!APPEALABLE.has(notice.action)) {
          throw new AppError('CONFLICT', `A "${notice.action}" notice has nothing to appeal`, {
            reason: 'NOT_APPEALABLE',
          });
        }
        if (now.getTime() - notice.created_at.getTime() > APPEAL_WINDOW_DAYS * DAY_MS) {
          throw new AppError(
            'FORBIDDEN',
            `Appeals are possible for ${APPEAL_WINDOW_DAYS} days after a decision`,
            {
              reason: 'APPEAL_WINDOW_CLOSED',
            },
          );
        }
        const inserted = await appeals.insert(tx, {
          user_id: actor.id,
          notice_id: notice.id,
          text: input.text,
          created_at: now,
        });
        if (!inserted) {
          throw new AppError('CONFLICT', 'This decision has already been appealed', {
            reason: 'ALREADY_APPEALED',
          });
        }
        return inserted.id;
      });
      const row = await appeals.find(db, id);
      if (!row) throw notFound('Appeal');
      return toAppeal(row);
    },

    async list(actor: Actor, input: AppealsInput): Promise<Appeal[]> {
      assertModerator(actor);
      const rows = await appeals.list(db, {
        status: input.status,
        limit: input.limit,
        offset: (input.page - 1) * input.limit,
      });
      return rows.map(toAppeal);
    },

    /**
     * Nobody decides an appeal against their own decision, nor their own appeal. Overturning
     * reverses the action, records the decision in the audit log and tells the person, all at once.
     */
    async decide(actor: Actor, input: AppealDecisionInput): Promise<Appeal> {
      assertModerator(actor);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const appeal = await appeals.lock(tx, input.id);
        if (!appeal) throw notFound('Appeal');
        if (appeal.status !== 'open')
          throw new AppError('CONFLICT', `This appeal was already ${appeal.status}`);
        const notice = await moderation.findNotice(tx, appeal.notice_id);
        if (!notice) throw notFound('Appeal');
        const action = notice.action_id ? await moderation.findAction(tx, notice.action_id) : undefined;
        if (appeal.user_id === actor.id || action?.moderator_user_id === actor.id) {
          throw new AppError(
            'FORBIDDEN',
            'Another moderator must decide an appeal against your own decision',
            {
              reason: 'CANNOT_MODERATE_TARGET',
            },
          );
        }
        if (input.decision === 'overturned') await reverse(tx, notice, action, now);
        const decision = input.decision === 'overturned' ? 'appeal_overturned' : 'appeal_upheld';
        const audit = await moderation.insertAction(tx, {
          moderator_user_id: actor.id,
          target_user_id: notice.user_id,
          action: decision,
          content_type: notice.content_type,
          content_id: notice.content_id,
          reason: input.reason,
          created_at: now,
        });
        await moderation.insertNotice(tx, {
          user_id: notice.user_id,
          action_id: audit.id,
          action: decision,
          content_type: notice.content_type,
          content_id: notice.content_id,
          reason: input.reason,
          created_at: now,
        });
        // The person's own activity log shows the decision's kind, never its text.
        await activity?.record(tx, {
          userId: notice.user_id,
          kind: 'moderation-action',
          actor: 'moderator',
          details: { action: decision },
        });
        await appeals.decide(tx, appeal.id, {
          status: input.decision,
          decided_by: actor.id,
          decided_at: now,
          decision_reason: input.reason,
        });
      });
      const row = await appeals.find(db, input.id);
      if (!row) throw notFound('Appeal');
      return toAppeal(row);
    },
  };
}
export type AppealsService = ReturnType<typeof createAppealsService>;
