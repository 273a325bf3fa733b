import { compileProcedureSchemas } from './compiled-schemas.ts';
import { authRouter } from './routers/auth.router.ts';
import { cbtRouter } from './routers/cbt.router.ts';
import { checkinRouter } from './routers/checkin.router.ts';
import { communityRouter } from './routers/community.router.ts';
import { consentRouter } from './routers/consent.router.ts';
import { contentRouter } from './routers/content.router.ts';
import { interactionRouter } from './routers/interaction.router.ts';
import { journalRouter } from './routers/journal.router.ts';
import { moderationRouter } from './routers/moderation.router.ts';
import { operatorRouter } from './routers/operator.router.ts';
import { progressRouter } from './routers/progress.router.ts';
import { supportRouter } from './routers/support.router.ts';
import { userRouter } from './routers/user.router.ts';
import { router } from './trpc.ts';

/**
 * Every procedure of the API. The key is the first segment of the REST path (`/api/auth/...` lives in
 * routers/auth.router.ts), so a URL leads straight to its file.
 */
export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  community: communityRouter,
  moderation: moderationRouter,
  operator: operatorRouter,
  content: contentRouter,
  checkin: checkinRouter,
  cbt: cbtRouter,
  interaction: interactionRouter,
  journal: journalRouter,
  progress: progressRouter,
  consents: consentRouter,
  support: supportRouter,
});

compileProcedureSchemas(appRouter);

export type AppRouter = typeof appRouter;
