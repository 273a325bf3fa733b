import {
  type ApiError,
  type ApiErrorReason,
  apiErrorOf,
  createNavigatorClient,
  isApiError,
  type NavigatorClient,
} from '@wbn/sdk';
import type { SessionStore } from './session.ts';

export type ConsoleApi = NavigatorClient;

/**
 * The SDK's client with the console's session: every call carries the in-memory access token, and a
 * call refused with 401 refreshes the session once (one refresh shared by concurrent calls) and is
 * retried. When the refresh fails too, the session ends and the sign-in form comes back.
 */
export function createConsoleApi(options: {
  baseUrl: string;
  store: SessionStore;
  fetch?: typeof globalThis.fetch;
}): ConsoleApi {
  const { store } = options;
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const anonymous = createNavigatorClient({ baseUrl: options.baseUrl, fetch: baseFetch });
  let refreshing: Promise<string | undefined> | undefined;

  function refresh(): Promise<string | undefined> {
    const session = store.get();
    if (!session) return Promise.resolve(undefined);
    refreshing ??= anonymous.auth.refresh
      .mutate({ refresh_token: session.refreshToken })
      .then(
        (result) => {
          store.set({ token: result.token, refreshToken: result.refresh_token, user: result.user });
          return result.token;
        },
        () => {
          store.set(undefined);
          return undefined;
        },
      )
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  const fetchWithRefresh: typeof globalThis.fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (response.status !== 401 || !store.get()) return response;
    const token = await refresh();
    if (!token) return response;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return baseFetch(input, { ...init, headers });
  };

  return createNavigatorClient({
    baseUrl: options.baseUrl,
    getToken: () => store.get()?.token,
    fetch: fetchWithRefresh,
  });
}

/**
 * The API's error body of a failed call, only when it really has the published ApiError shape (a
 * proxy's or a network failure's body does not), so the views can trust its code and reason.
 */
export function apiError(error: unknown): ApiError | undefined {
  const body = apiErrorOf(error);
  return isApiError(body) ? body : undefined;
}

/** The human message of a failed call, for an alert. */
export function errorMessage(error: unknown): string {
  return apiError(error)?.message ?? (error instanceof Error ? error.message : 'Something went wrong');
}

export function errorReason(error: unknown): ApiErrorReason | undefined {
  return apiError(error)?.reason;
}
