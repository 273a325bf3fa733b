import type { AddressInfo } from 'node:net';
import { apiErrorOf, createNavigatorClient, isApiError } from '@wbn/sdk';
import { logCheckin, startThread } from '@wbn/sdk/rest-scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STRONG_PASSWORD, type TestApp, uniqueName } from './test-app.ts';

let t: TestApp;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

const rest = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('the same procedures over /trpc (SDK) and /api (fetch)', () => {
  it('sign-up, profile and settings answer the same', async () => {
    const anonymous = createNavigatorClient({ baseUrl });
    const username = uniqueName('sdk');
    const signedUp = await anonymous.auth.signup.mutate({
      username,
      password: STRONG_PASSWORD,
      email: `${username}@example.org`,
    });
    const client = createNavigatorClient({ baseUrl, getToken: () => signedUp.token });

    const viaSdk = await client.user.profile.query();
    const viaRest = await rest('GET', '/api/user/profile', signedUp.token);
    expect(viaRest.status).toBe(200);
    expect(viaSdk).toEqual(viaRest.body);
    expect(viaSdk).toEqual(signedUp.user);

    const settingsSdk = await client.user.updateSettings.mutate({ timezone: 'Europe/Berlin' });
    expect(await rest('GET', '/api/user/settings', signedUp.token)).toEqual({
      status: 200,
      body: settingsSdk,
    });

    const login = await rest('POST', '/api/auth/login', undefined, { username, password: STRONG_PASSWORD });
    expect(login.body.user).toEqual({ ...viaSdk, timezone: 'Europe/Berlin' });
  });

  it('errors carry the same canonical body on both transports', async () => {
    const client = createNavigatorClient({ baseUrl, token: 'not-a-token' });
    const sdkError = await client.user.profile.query().then(
      () => undefined,
      (error: unknown) => apiErrorOf(error),
    );
    const restError = await rest('GET', '/api/user/profile', 'not-a-token');
    expect(restError.status).toBe(401);
    expect(sdkError).toEqual(restError.body);

    const anonymous = createNavigatorClient({ baseUrl });
    const validation = await anonymous.auth.signup.mutate({ username: 'x', password: 'short' } as never).then(
      () => undefined,
      (error: unknown) => apiErrorOf(error),
    );
    const restValidation = await rest('POST', '/api/auth/signup', undefined, {
      username: 'x',
      password: 'short',
    });
    expect(restValidation.status).toBe(400);
    expect(validation).toEqual(restValidation.body);
    expect(isApiError(restValidation.body)).toBe(true);
    expect(isApiError({ code: 'BAD_REQUEST', message: 'x', issues: [{ message: 'x' }] })).toBe(false);
  });
});

describe('a REST client typed only by the generated OpenAPI types', () => {
  it('handles a 400 and a 403 by code and reason', async () => {
    const { token, user } = await t.signup();
    const timestamp = new Date().toISOString();
    expect(await logCheckin(baseUrl, token, { anxiety_level: 3, timestamp })).toMatchObject({
      kind: 'logged',
    });
    expect(await logCheckin(baseUrl, token, { anxiety_level: 42, timestamp })).toEqual({
      kind: 'fix-fields',
      fields: ['anxiety_level'],
    });
    const thread = { category_id: crypto.randomUUID(), title: 'Hello', content: 'A first post' };
    expect(await startThread(baseUrl, token, thread)).toEqual({ kind: 'offer-premium' });
    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', user.id).execute();
    expect(await logCheckin(baseUrl, token, { anxiety_level: 3, timestamp })).toEqual({ kind: 'suspended' });
  });
});
