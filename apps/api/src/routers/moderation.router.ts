import { ZMessage } from '@wbn/contracts/common';
import {
  ZActionsInput,
  ZContentActionInput,
  ZModerationAction,
  ZModerationReport,
  ZReportsInput,
  ZUserActionInput,
} from '@wbn/contracts/moderation';
import { z } from 'zod';
import { moderatorProcedure, router } from '../trpc.ts';

const tags = ['moderation'];

/** /api/moderation/* — moderators only: the moderation service refuses anyone else (403 MODERATOR_REQUIRED). */
export const moderationRouter = router({
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
});
