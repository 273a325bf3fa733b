import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@wbn/api/router';
import type { ApiError } from '@wbn/contracts/errors';

export type { ApiError, ApiErrorCode, ApiErrorReason, FieldIssue } from '@wbn/contracts/errors';
export { isApiError } from '@wbn/contracts/errors';
export type { components, operations, paths } from './openapi.d.ts';
export type { AppRouter };
export { TRPCClientError };

export interface NavigatorClientOptions {
  /** Where the API lives, e.g. https://api.example.org (no trailing /trpc). */
  baseUrl: string;
  /** A fixed access token, or… */
  token?: string;
  /** …a function asked before every request (refresh-aware apps). */
  getToken?: () => string | undefined | Promise<string | undefined>;
  fetch?: typeof globalThis.fetch;
}

/**
 * The typed client for TypeScript apps: every procedure of the API with its input and output types,
 * e.g. `client.auth.login.mutate({ username, password })`, `client.user.profile.query()`.
 * New modules appear here as soon as they are added to the server's router.
 */
export function createNavigatorClient(options: NavigatorClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.baseUrl.replace(/\/$/, '')}/trpc`,
        // The server refuses larger batches (MAX_TRPC_BATCH in apps/api/src/server.ts).
        maxItems: 10,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        async headers() {
          const token = options.token ?? (await options.getToken?.());
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}
export type NavigatorClient = ReturnType<typeof createNavigatorClient>;

/**
 * The API's error body (`{ code, message, reason?, issues? }`) carried by a failed tRPC call; a REST
 * client gets the same body as the response, and can check it with `isApiError`.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return (error.data as { error?: ApiError } | undefined)?.error;
}
