import {
  ZAccountDeletionReceipt,
  ZActivityItem,
  ZActivityQuery,
  ZDataDeletionInput,
  ZDataDeletionResult,
  ZEmailStatus,
  ZEmailVerificationConfirmInput,
  ZExportStatus,
} from '@wbn/contracts/account';
import { ZMessage } from '@wbn/contracts/common';
import { z } from 'zod';
import { authedEvenIfBannedProcedure, authedProcedure } from '../trpc.ts';

const tags = ['user'];

/**
 * /api/user/* data rights (part of the user router). Export, erasure and the activity log stay open to
 * a banned person: suspension from the community never takes away their rights over their data.
 * The export file itself is served by routes/export-download.route.ts (not JSON).
 */
export const userDataProcedures = {
  requestExport: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/export',
        summary: 'Export everything you own (JSON + ZIP of CSVs); at most once per 24 hours',
        tags,
      },
      successStatus: 201,
    })
    .input(z.void())
    .output(ZExportStatus)
    .mutation(({ ctx }) => ctx.core.exports.request(ctx.user)),

  exportStatus: authedEvenIfBannedProcedure
    .meta({
      openapi: { method: 'GET', path: '/user/export', summary: 'Your latest export and its state', tags },
      errors: [404],
    })
    .input(z.void())
    .output(ZExportStatus)
    .query(({ ctx }) => ctx.core.exports.status(ctx.user)),

  deleteData: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/user/data',
        summary: 'Delete some kinds of your data (one transaction), keeping the account',
        description:
          'Send `{ "types": ["journal", "checkins"], "community": "anonymise" }` as a JSON body, or, without a ' +
          'body, the same in the query: `?types=journal,checkins&community=anonymise`.',
        tags,
      },
    })
    .input(ZDataDeletionInput)
    .output(ZDataDeletionResult)
    .mutation(({ ctx, input }) => ctx.core.dataDeletion.deleteTypes(ctx.user, input)),

  activity: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user/activity',
        summary: 'What happened to your account, newest first',
        tags,
      },
    })
    .input(ZActivityQuery)
    .output(z.array(ZActivityItem))
    .query(({ ctx, input }) => ctx.core.activity.list(ctx.user, input)),

  email: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user/email',
        summary: 'Your address and whether it is confirmed',
        tags,
      },
    })
    .input(z.void())
    .output(ZEmailStatus)
    .query(({ ctx }) => ctx.core.emailVerification.status(ctx.user)),

  resendEmailVerification: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/email/verification',
        summary: 'Send a new confirmation code',
        tags,
      },
      // No unconfirmed address on the account.
      errors: [409],
    })
    .input(z.void())
    .output(ZMessage)
    .mutation(({ ctx }) => ctx.core.emailVerification.resend(ctx.user)),

  confirmEmail: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/email/verify',
        summary: 'Confirm your address with the emailed code',
        tags,
      },
    })
    .input(ZEmailVerificationConfirmInput)
    .output(ZEmailStatus)
    .mutation(({ ctx, input }) => ctx.core.emailVerification.confirm(ctx.user, input)),
};

/** DELETE /api/user/profile answers with what was deleted (counts per data type). */
export const deleteAccountProcedure = authedEvenIfBannedProcedure
  .meta({
    openapi: {
      method: 'DELETE',
      path: '/user/profile',
      summary: 'Delete your account and every piece of your data, at once and for good (with a receipt)',
      tags,
    },
  })
  .input(z.void())
  .output(ZAccountDeletionReceipt)
  .mutation(({ ctx }) => ctx.core.dataDeletion.deleteAccount(ctx.user));
