import {
  ZAuthResult,
  ZLoginInput,
  ZRefreshInput,
  ZResetConfirmInput,
  ZResetRequestInput,
  ZSignupInput,
} from '@wbn/contracts/auth';
import { ZMessage } from '@wbn/contracts/common';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import { accountProcedures } from './account.router.ts';

const tags = ['auth'];

/** /api/auth/* — sign-up, sign-in, token refresh, sign-out and password reset. */
export const authRouter = router({
  signup: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/auth/signup', summary: 'Create an account', tags, protect: false },
      successStatus: 201,
      rateLimit: 'auth',
      errors: [409],
    })
    .input(ZSignupInput)
    .output(ZAuthResult)
    .mutation(({ ctx, input }) => ctx.core.auth.signup(input, { userAgent: ctx.userAgent, ip: ctx.ip })),

  login: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/auth/login', summary: 'Sign in', tags, protect: false },
      rateLimit: 'auth',
      errors: [401, 403],
    })
    .input(ZLoginInput)
    .output(ZAuthResult)
    .mutation(({ ctx, input }) => ctx.core.auth.login(input, { userAgent: ctx.userAgent, ip: ctx.ip })),

  refresh: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/refresh',
        summary: 'Exchange a refresh token for new tokens (rotation; a reused token ends the session)',
        tags,
        protect: false,
      },
      rateLimit: 'auth',
      errors: [401, 403],
    })
    .input(ZRefreshInput)
    .output(ZAuthResult)
    .mutation(({ ctx, input }) => ctx.core.auth.refresh(input.refresh_token)),

  logout: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/logout', summary: 'End this session', tags } })
    .input(z.void())
    .output(ZMessage)
    .mutation(({ ctx }) => ctx.core.auth.logout(ctx.user)),

  resetPasswordRequest: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/reset-password-request',
        summary: 'Email a one-time reset code (same answer whether or not the address is known)',
        tags,
        protect: false,
      },
      rateLimit: 'auth',
    })
    .input(ZResetRequestInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.passwordReset.request(input)),

  resetPasswordConfirm: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/reset-password-confirm',
        summary: 'Set a new password with the emailed code; ends every session',
        tags,
        protect: false,
      },
      rateLimit: 'auth',
    })
    .input(ZResetConfirmInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.passwordReset.confirm(input)),

  ...accountProcedures,
});
