import http2 from 'node:http2';
import { importPKCS8, SignJWT } from 'jose';
import { isRetryableStatus, type PushProvider, type PushResult } from './push.ts';

/** Apple rejects provider tokens older than an hour and throttles renewals under 20 minutes. */
const TOKEN_LIFETIME_MS = 50 * 60_000;
/** A push not delivered in a day is stale for a daily tip or reminder. */
const EXPIRATION_SECONDS = 86_400;

/**
 * APNs over HTTP/2: one multiplexed session per endpoint (reopened when it closes or the server
 * sends GOAWAY), provider-token auth (ES256 JWT with the key id in the header and the team id as
 * issuer, renewed every 50 minutes), alert pushes with topic, push-type, priority, expiration and
 * collapse-id headers. 410 Unregistered and 400 BadDeviceToken remove the token; 429/5xx retry.
 */
export function createApnsProvider(options: {
  endpoint: string;
  key: string;
  keyId: string;
  teamId: string;
  topic: string;
  now?: () => number;
}): PushProvider {
  const now = options.now ?? Date.now;
  const keyPromise = importPKCS8(options.key, 'ES256');
  let session: http2.ClientHttp2Session | undefined;
  let token: { value: string; issuedAt: number } | undefined;
  let signing: Promise<string> | undefined;

  async function signToken(): Promise<string> {
    const issuedAt = now();
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: options.keyId })
      .setIssuer(options.teamId)
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .sign(await keyPromise);
    token = { value, issuedAt };
    return value;
  }

  function providerToken(): Promise<string> {
    if (token && now() - token.issuedAt < TOKEN_LIFETIME_MS) return Promise.resolve(token.value);
    signing ??= signToken().finally(() => {
      signing = undefined;
    });
    return signing;
  }

  function connection(): http2.ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    const opened = http2.connect(options.endpoint);
    const drop = () => {
      if (session === opened) session = undefined;
    };
    opened.on('error', drop);
    opened.on('goaway', drop);
    opened.on('close', drop);
    opened.unref();
    session = opened;
    return opened;
  }

  function post(path: string, headers: http2.OutgoingHttpHeaders, body: string) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = connection().request({ ':method': 'POST', ':path': path, ...headers });
      let status = 0;
      const chunks: Buffer[] = [];
      stream.setTimeout(30_000, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      stream.on('response', (h) => {
        status = Number(h[':status']);
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
      stream.on('error', reject);
      stream.on('close', () => {
        if (status === 0) reject(new Error(`APNs stream closed (code ${stream.rstCode})`));
      });
      stream.end(body);
    });
  }

  return {
    name: 'apns',
    async send(message) {
      let bearer: string;
      let response: { status: number; body: string };
      try {
        bearer = await providerToken();
        response = await post(
          `/3/device/${encodeURIComponent(message.token)}`,
          {
            authorization: `bearer ${bearer}`,
            'apns-topic': options.topic,
            'apns-push-type': 'alert',
            'apns-priority': '10',
            'apns-expiration': String(Math.floor(now() / 1000) + EXPIRATION_SECONDS),
            'apns-collapse-id': message.collapseKey.slice(0, 64),
            'content-type': 'application/json',
          },
          JSON.stringify({ aps: { alert: { title: message.title, body: message.body }, sound: 'default' } }),
        );
      } catch (error) {
        return { status: 'retry', reason: `APNs unreachable: ${(error as Error).message}` };
      }
      const result = classifyApnsResponse(response);
      // The token expired or was refused: sign a fresh one for the retry.
      if (response.status === 403 && token?.value === bearer) token = undefined;
      return result;
    },
    async close() {
      const open = session;
      session = undefined;
      if (open && !open.closed) await new Promise<void>((resolve) => open.close(() => resolve()));
    },
  };
}

export function classifyApnsResponse(response: { status: number; body: string }): PushResult {
  if (response.status === 200) return { status: 'sent' };
  let reason = '';
  try {
    reason = String((JSON.parse(response.body) as { reason?: unknown }).reason ?? '');
  } catch {
    // No JSON body: the status decides.
  }
  const text = `APNs ${response.status} ${reason}`.trim();
  if (
    response.status === 410 ||
    (response.status === 400 && ['BadDeviceToken', 'DeviceTokenNotForTopic'].includes(reason))
  ) {
    return { status: 'invalid_token', reason: text };
  }
  if (isRetryableStatus(response.status)) return { status: 'retry', reason: text };
  if (response.status === 403 && ['ExpiredProviderToken', 'InvalidProviderToken'].includes(reason)) {
    return reason === 'ExpiredProviderToken'
      ? { status: 'retry', reason: text }
      : { status: 'failed', reason: text };
  }
  return { status: 'failed', reason: text };
}
