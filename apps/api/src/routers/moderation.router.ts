import { ZMessage } from '@wbn/contracts/common';
import {
  ZActionsInput,
  ZContentActionInput,
  ZModerationAction,
  ZModerationReport,
  ZReportsInput,
  ZUserActionInput,
} from '@wbn/contracts/moderation';
import { ZModerationItem, ZModerationItemInput } from '@wbn/contracts/moderation-review';
import { z } from 'zod';
import { moderatorProcedure, router } from '../trpc.ts';
import { moderatorAppealProcedures } from './appeals.router.ts';

const tags = ['moderation'];

/** /api/moderation/* — moderators only: the moderation service refuses anyone else (403 MODERATOR_REQUIRED). */
export const moderationRouter = router({
  ...moderatorAppealProcedures,
  reports: moderatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/moderation/reports',
        summary: 'The report queue: items hidden pending review first, then newest',
        tags,
      },
    })
    .input(ZReportsInput)
    .output(z.array(ZModerationReport))
    .query(({ ctx, input }) => ctx.core.moderation.listReports(ctx.user, input)),

  content: moderatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/moderation/content/{id}',
        summary: "Hide, unhide, delete or edit a post or reply (resolves the item's open reports)",
        tags,
      },
    })
    .input(ZContentActionInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.moderation.actOnContent(ctx.user, input)),

  user: moderatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/moderation/user/{id}',
        summary: 'Warn, silence, ban or unban a member',
        tags,
      },
    })
    .input(ZUserActionInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.moderation.actOnUser(ctx.user, input)),

  actions: moderatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/moderation/actions',
        summary: 'The append-only log of moderator actions',
        tags,
      },
    })
    .input(ZActionsInput)
    .output(z.array(ZModerationAction))
    .query(({ ctx, input }) => ctx.core.moderation.listActions(ctx.user, input)),

  item: moderatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/moderation/item/{content_type}/{id}',
        summary:
          "A reported post or reply in its thread, with its reports and its author's moderation record",
        tags,
      },
    })
    .input(ZModerationItemInput)
    .output(ZModerationItem)
    .query(({ ctx, input }) => ctx.core.moderationReview.item(ctx.user, input)),
});
