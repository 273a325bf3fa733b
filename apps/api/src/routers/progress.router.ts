import { ZAnalyticsQuery, ZProgressAnalytics, ZProgressSummary } from '@wbn/contracts/progress';
import { z } from 'zod';
import { authedProcedure, premiumProcedure, router } from '../trpc.ts';

const tags = ['progress'];

/** /api/progress/* — summaries for everyone, detailed analytics for Premium. */
export const progressRouter = router({
  summary: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/progress/summary',
        summary: 'Your recent check-ins and activity counts',
        tags,
      },
    })
    .input(z.void())
    .output(ZProgressSummary)
    .query(({ ctx }) => ctx.core.progress.summary(ctx.user.id)),

  analytics: premiumProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/progress/analytics',
        summary: 'Detailed analytics in your time zone (Premium)',
        tags,
      },
    })
    .input(ZAnalyticsQuery)
    .output(ZProgressAnalytics)
    .query(({ ctx, input }) => ctx.core.progress.analytics(ctx.user, input)),
});
