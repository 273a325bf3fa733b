import { authRouter } from './routers/auth.router.ts';
import { communityRouter } from './routers/community.router.ts';
import { contentRouter } from './routers/content.router.ts';
import { moderationRouter } from './routers/moderation.router.ts';
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
  content: contentRouter,
});

export type AppRouter = typeof appRouter;
