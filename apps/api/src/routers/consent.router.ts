import { ZConsentPolicy, ZConsentState, ZConsents, ZConsentUpdateInput } from '@wbn/contracts/consent';
import { z } from 'zod';
import { authedEvenIfBannedProcedure, publicProcedure, router } from '../trpc.ts';

const tags = ['consent'];

/** /api/user/consents — merged into the user router (the path's first segment). */
export const userConsentProcedures = {
  consents: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/user/consents',
        summary: 'Your consent for each purpose now, and every grant and withdrawal you made (newest first)',
        tags,
      },
    })
    .input(z.void())
    .output(ZConsents)
    .query(({ ctx }) => ctx.core.consent.list(ctx.user)),

  updateConsent: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/user/consents/{purpose}',
        summary: 'Grant or withdraw consent for a purpose, naming the current policy version you were shown',
        tags,
      },
      // 403: a banned person may withdraw but not grant; 409: a policy_version that is not the current one.
      errors: [403, 409],
    })
    .input(ZConsentUpdateInput)
    .output(ZConsentState)
    .mutation(({ ctx, input }) => ctx.core.consent.update(ctx.user, input)),
};

/** /api/consents/* — the policy texts a client shows before asking. */
export const consentRouter = router({
  policies: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/consents/policies',
        summary: 'The current policy text and version of every consent purpose',
        tags,
      },
    })
    .input(z.void())
    .output(z.array(ZConsentPolicy))
    .query(({ ctx }) => ctx.core.consent.policies()),
});
