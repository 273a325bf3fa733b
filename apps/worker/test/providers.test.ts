import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApnsProvider } from '../src/providers/apns.ts';
import { createFcmProvider } from '../src/providers/fcm.ts';
import { generateApnsKey, generateFcmServiceAccount, startApnsPeer, startFcmPeer } from './peers.ts';
import { apnsToken, fcmToken } from './support.ts';

const message = (token: string) => ({
  token,
  title: 'Breathe',
  body: 'Longer out-breath',
  collapseKey: 'daily-tip:2026-03-29',
});

describe('FCM HTTP v1 provider against a local FCM peer', () => {
  const account = generateFcmServiceAccount();
  let peer: Awaited<ReturnType<typeof startFcmPeer>>;
  // A peer per test: its counters and logs then count only what this test sent.
  beforeEach(async () => {
    peer = await startFcmPeer({ account });
  });
  afterEach(() => peer.close());

  it('exchanges a signed service-account JWT for a bearer token once, caches it, and sends', async () => {
    let clock = Date.now();
    const fcm = createFcmProvider({
      serviceAccount: account.serviceAccount,
      endpoint: peer.endpoint,
      oauthTokenUrl: peer.tokenUrl,
      now: () => clock,
    });
    const tokens = Array.from({ length: 20 }, fcmToken);
    const results = await Promise.all(tokens.map((token) => fcm.send(message(token))));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(peer.state.tokenRequests).toBe(1);
    expect(peer.log.rejected).toEqual([]);
    expect(peer.log.pushes[0]).toMatchObject({
      title: 'Breathe',
      body: 'Longer out-breath',
      collapseKey: 'daily-tip:2026-03-29',
    });
    // Past its expiry (3599 s, renewed a minute early) the next send fetches a new one.
    clock += 3_550_000;
    expect((await fcm.send(message(fcmToken()))).status).toBe('sent');
    expect(peer.state.tokenRequests).toBe(2);
    await fcm.close();
  });

  it('is refused by the peer when the JWT is signed with another key', async () => {
    const other = generateFcmServiceAccount();
    const fcm = createFcmProvider({
      serviceAccount: { ...other.serviceAccount, client_email: account.serviceAccount.client_email },
      endpoint: peer.endpoint,
      oauthTokenUrl: peer.tokenUrl,
    });
    const result = await fcm.send(message(fcmToken()));
    expect(result.status).toBe('retry');
    expect(peer.log.rejected.some((r) => r.startsWith('token:'))).toBe(true);
    await fcm.close();
  });

  it('maps the documented error responses', async () => {
    const fcm = createFcmProvider({
      serviceAccount: account.serviceAccount,
      endpoint: peer.endpoint,
      oauthTokenUrl: peer.tokenUrl,
    });
    const answers: Record<string, { status: number; body: unknown }> = {
      unregistered: {
        status: 404,
        body: {
          error: {
            code: 404,
            status: 'NOT_FOUND',
            details: [
              { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' },
            ],
          },
        },
      },
      invalid: {
        status: 400,
        body: {
          error: {
            code: 400,
            status: 'INVALID_ARGUMENT',
            message: 'The registration token is not a valid FCM registration token',
            details: [{ errorCode: 'INVALID_ARGUMENT' }],
          },
        },
      },
      payload: {
        status: 400,
        body: {
          error: {
            code: 400,
            status: 'INVALID_ARGUMENT',
            message: 'Invalid JSON payload',
            details: [{ fieldViolations: [{ field: 'message.notification' }] }],
          },
        },
      },
      quota: { status: 429, body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } } },
      down: { status: 503, body: { error: { code: 503, status: 'UNAVAILABLE' } } },
      mismatch: {
        status: 403,
        body: {
          error: { code: 403, status: 'PERMISSION_DENIED', details: [{ errorCode: 'SENDER_ID_MISMATCH' }] },
        },
      },
    };
    peer.state.responder = (push) => answers[push.token];
    const statuses = Object.fromEntries(
      await Promise.all(
        Object.keys(answers).map(async (key) => [key, (await fcm.send(message(key))).status]),
      ),
    );
    peer.state.responder = undefined;
    expect(statuses).toEqual({
      unregistered: 'invalid_token',
      invalid: 'invalid_token',
      payload: 'failed',
      quota: 'retry',
      down: 'retry',
      mismatch: 'failed',
    });
    await fcm.close();
  });
});

describe('APNs HTTP/2 provider against a local APNs peer', () => {
  const key = generateApnsKey();
  let peer: Awaited<ReturnType<typeof startApnsPeer>>;
  beforeEach(async () => {
    peer = await startApnsPeer({ key });
  });
  afterEach(() => peer.close());

  it('sends with a verified ES256 provider token, topic and push headers over one multiplexed session', async () => {
    let clock = Date.now();
    const apns = createApnsProvider({ endpoint: peer.endpoint, ...key, now: () => clock });
    const tokens = Array.from({ length: 50 }, apnsToken);
    const results = await Promise.all(tokens.map((token) => apns.send(message(token))));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(peer.log.rejected).toEqual([]);
    expect(peer.state.sessions).toBe(1);
    expect(peer.state.providerTokens.size).toBe(1);
    expect(peer.log.pushes[0]).toMatchObject({ title: 'Breathe', collapseKey: 'daily-tip:2026-03-29' });
    // The provider token is renewed before an hour passes (here after 50 minutes).
    clock += 51 * 60_000;
    expect((await apns.send(message(apnsToken()))).status).toBe('sent');
    expect(peer.state.providerTokens.size).toBe(2);
    await apns.close();
  });

  it('is refused with a wrong topic or key', async () => {
    const wrongTopic = createApnsProvider({ endpoint: peer.endpoint, ...key, topic: 'com.example.other' });
    expect(await wrongTopic.send(message(apnsToken()))).toMatchObject({
      status: 'failed',
      reason: 'APNs 400 TopicDisallowed',
    });
    const other = generateApnsKey();
    const wrongKey = createApnsProvider({ endpoint: peer.endpoint, ...key, key: other.key });
    expect(await wrongKey.send(message(apnsToken()))).toMatchObject({
      status: 'failed',
      reason: 'APNs 403 InvalidProviderToken',
    });
    await Promise.all([wrongTopic.close(), wrongKey.close()]);
  });

  it('maps the documented error responses', async () => {
    const apns = createApnsProvider({ endpoint: peer.endpoint, ...key });
    const answers: Record<string, { status: number; body: unknown }> = {
      gone: { status: 410, body: { reason: 'Unregistered', timestamp: Date.now() } },
      bad: { status: 400, body: { reason: 'BadDeviceToken' } },
      payload: { status: 400, body: { reason: 'PayloadEmpty' } },
      busy: { status: 429, body: { reason: 'TooManyRequests' } },
      down: { status: 503, body: { reason: 'ServiceUnavailable' } },
      internal: { status: 500, body: { reason: 'InternalServerError' } },
    };
    peer.state.responder = (push) => answers[push.token];
    const statuses = Object.fromEntries(
      await Promise.all(Object.keys(answers).map(async (k) => [k, (await apns.send(message(k))).status])),
    );
    peer.state.responder = undefined;
    expect(statuses).toEqual({
      gone: 'invalid_token',
      bad: 'invalid_token',
      payload: 'failed',
      busy: 'retry',
      down: 'retry',
      internal: 'retry',
    });
    await apns.close();
  });
});
