import { ZOperatorOverview, ZRoleChangeInput, ZRoleChangeResult } from '@wbn/contracts/operator';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';
import { actorOf } from './actor.ts';

const tags = ['operator'];

/** /api/operator/* — operators only (403 OPERATOR_REQUIRED otherwise; the service checks). */
export const operatorRouter = router({
  overview: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/operator/overview',
        summary: 'Job queue sizes (dead letters included) and the loaded content pack',
        tags,
      },
    })
    .input(z.object({}).optional())
    .output(ZOperatorOverview)
    .query(({ ctx }) => ctx.core.operator.overview(actorOf(ctx.user))),

  setRole: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/operator/roles',
        summary: 'Grant or revoke premium or moderator (the operator role is granted from the CLI only)',
        tags,
      },
    })
    .input(ZRoleChangeInput)
    .output(ZRoleChangeResult)
    .mutation(({ ctx, input }) => ctx.core.operator.setRole(actorOf(ctx.user), input)),
});
