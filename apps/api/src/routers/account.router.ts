import { ZChangePasswordInput, ZLogoutAllInput, ZSessionInfo, ZSessionsEnded } from '@wbn/contracts/account';
import { ZIdParam, ZMessage } from '@wbn/contracts/common';
import { z } from 'zod';
import { authedProcedure } from '../trpc.ts';

const tags = ['auth'];

/** /api/auth/* for a signed-in person: password change and their sessions (part of the auth router). */
export const accountProcedures = {
  changePassword: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/change-password',
        summary: 'Change your password (current one required); ends every other session',
        tags,
      },
      // It checks a password, so it is a door credential stuffing knocks on.
      rateLimit: 'auth',
    })
    .input(ZChangePasswordInput)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.accountSecurity.changePassword(ctx.user, input)),

  sessions: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/auth/sessions',
        summary: 'Your signed-in sessions, newest first',
        tags,
      },
    })
    .input(z.void())
    .output(z.array(ZSessionInfo))
    .query(({ ctx }) => ctx.core.accountSecurity.listSessions(ctx.user)),

  endSession: authedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/auth/sessions/{id}',
        summary: 'End one of your sessions, at once, on every server',
        tags,
      },
    })
    .input(ZIdParam)
    .output(ZMessage)
    .mutation(({ ctx, input }) => ctx.core.accountSecurity.endSession(ctx.user, input.id)),

  logoutAll: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/logout-all',
        summary: 'End all your sessions (optionally keeping this one)',
        tags,
      },
    })
    .input(ZLogoutAllInput)
    .output(ZSessionsEnded)
    .mutation(({ ctx, input }) => ctx.core.accountSecurity.logoutAll(ctx.user, input)),
};
