import { ZAppeal, ZAppealCreateInput, ZAppealDecisionInput, ZAppealsInput } from '@wbn/contracts/appeals';
import { z } from 'zod';
import { authedEvenIfBannedProcedure, moderatorProcedure } from '../trpc.ts';

const tags = ['appeals'];

/** POST /api/user/moderation-notices/{id}/appeal — merged into the user router; open to banned people. */
export const userAppealProcedures = {
  appealNotice: authedEvenIfBannedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/moderation-notices/{id}/appeal',
        summary: 'Appeal a moderation decision (once per notice, within 30 days; open while banned)',
        tags,
      },
      successStatus: 201,
      // 403 APPEAL_WINDOW_CLOSED; 409 ALREADY_APPEALED or NOT_APPEALABLE.
      errors: [403, 409],
    })
    .input(ZAppealCreateInput)
    .output(ZAppeal)
    .mutation(({ ctx, input }) => ctx.core.appeals.appeal(ctx.user, input)),
};

/** /api/moderation/appeals — merged into the moderation router. */
export const moderatorAppealProcedures = {
  appeals: moderatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/moderation/appeals',
        summary: 'Appeals against moderation decisions (open ones oldest first)',
        tags,
      },
    })
    .input(ZAppealsInput)
    .output(z.array(ZAppeal))
    .query(({ ctx, input }) => ctx.core.appeals.list(ctx.user, input)),

  decideAppeal: moderatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/moderation/appeals/{id}',
        summary: 'Uphold or overturn an appeal (overturning reverses the decision); not your own decision',
        tags,
      },
      // An appeal that has already been decided.
      errors: [409],
    })
    .input(ZAppealDecisionInput)
    .output(ZAppeal)
    .mutation(({ ctx, input }) => ctx.core.appeals.decide(ctx.user, input)),
};
