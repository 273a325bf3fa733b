import { ZOperatorOverview, ZRoleChangeInput, ZRoleChangeResult } from '@wbn/contracts/operator';
import { z } from 'zod';
import { operatorProcedure, router } from '../trpc.ts';

const tags = ['operator'];

/** /api/operator/* — operators only (403 OPERATOR_REQUIRED otherwise; the service checks). */
export const operatorRouter = router({
  overview: operatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/operator/overview',
        summary: 'Job queue sizes (dead letters included) and the loaded content pack',
        tags,
      },
    })
    .input(z.void())
    .output(ZOperatorOverview)
    .query(({ ctx }) => ctx.core.operator.overview(ctx.user)),

  setRole: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/operator/roles',
        summary: 'Grant or revoke premium or moderator (the operator role is granted from the CLI only)',
        tags,
      },
      // No member by that username.
      errors: [404],
    })
    .input(ZRoleChangeInput)
    .output(ZRoleChangeResult)
    .mutation(({ ctx, input }) => ctx.core.operator.setRole(ctx.user, input)),
});
