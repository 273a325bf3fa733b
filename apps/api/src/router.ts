import { authRouter } from './routers/auth.router.ts';
import { contentRouter } from './routers/content.router.ts';
import { userRouter } from './routers/user.router.ts';
import { router } from './trpc.ts';

/**
 * Every procedure of the API. The key is the first segment of the REST path (`/api/auth/...` lives in
 * routers/auth.router.ts), so a URL leads straight to its file.
 */
export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  content: contentRouter,
});

export type AppRouter = typeof appRouter;
