import { ZSupportResources, ZSupportResourcesInput } from '@wbn/contracts/safety';
import { publicProcedure, router } from '../trpc.ts';

const tags = ['support'];

/** /api/support/* — help lines for the app's "Get help now" screen; public, no account needed. */
export const supportRouter = router({
  resources: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/support/resources',
        summary:
          'Crisis help lines for a country (ISO 3166-1 alpha-2); international resources for any other or none',
        tags,
      },
    })
    .input(ZSupportResourcesInput)
    .output(ZSupportResources)
    .query(({ ctx, input }) => ctx.core.support.resources(input)),
});
