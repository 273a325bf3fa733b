import { ZUser } from '@wbn/contracts/auth';
import { ZModerationNotice, ZNoticesInput } from '@wbn/contracts/moderation';
import {
  ZNotificationListInput,
  ZNotificationLogItem,
  ZNotificationSettings,
  ZNotificationSettingsInput,
  ZProfileUpdateInput,
  ZSettings,
  ZSettingsUpdateInput,
} from '@wbn/contracts/users';
import { z } from 'zod';
import { authedEvenIfBannedProcedure, authedProcedure, router } from '../trpc.ts';
import { userAppealProcedures } from './appeals.router.ts';
import { userConsentProcedures } from './consent.router.ts';
import { deleteAccountProcedure, userDataProcedures } from './user-data.router.ts';

const tags = ['user'];

/** /api/user/* — the signed-in person's profile, settings and account deletion. */
export const userRouter = router({
  ...userConsentProcedures,
  ...userAppealProcedures,
  profile: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/user/profile', summary: 'Your profile', tags } })
    .input(z.void())
    .output(ZUser)
    .query(({ ctx }) => ctx.core.users.getProfile(ctx.user.id)),

  updateProfile: authedProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/user/profile',
        summary: 'Update email and demographics (other fields are ignored)',
        tags,
      },
      errors: [409],
    })
    .input(ZProfileUpdateInput)
    .output(ZUser)
    .mutation(({ ctx, input }) => ctx.core.users.updateProfile(ctx.user.id, input)),

  deleteProfile: deleteAccountProcedure,

  settings: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/user/settings', summary: 'Your settings', tags } })
    .input(z.void())
    .output(ZSettings)
    .query(({ ctx }) => ctx.core.users.getSettings(ctx.user.id)),

  updateSettings: authedProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/user/settings',
        summary: 'Change consent for journal insights, notifications and your time zone',
        tags,
      },
    })
    .input(ZSettingsUpdateInput)
    .output(ZSettings)
    .mutation(({ ctx, input }) => ctx.core.users.updateSettings(ctx.user.id, input)),

  updateNotificationSettings: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/settings/notifications',
        summary: 'Turn notifications on or off and register or remove a push token',
        tags,
      },
    })
    .input(ZNotificationSettingsInput)
    .output(ZNotificationSettings)
    .mutation(({ ctx, input }) => ctx.core.users.updateNotificationSettings(ctx.user.id, input)),

  moderationNotices: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user/moderation-notices',
        summary: 'Why a moderator acted on you or your content (readable even while banned), newest first',
        tags,
      },
    })
    .input(ZNoticesInput)
    .output(z.array(ZModerationNotice))
    .query(({ ctx, input }) => ctx.core.moderation.listNotices(ctx.user.id, input)),

  notifications: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user/notifications',
        summary: 'What was pushed to you and when (delivery log, newest first)',
        tags,
      },
    })
    .input(ZNotificationListInput)
    .output(z.array(ZNotificationLogItem))
    .query(({ ctx, input }) => ctx.core.notifications.listForUser(ctx.user.id, input)),

  ...userDataProcedures,
});
