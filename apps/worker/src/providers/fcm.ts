import http from 'node:http';
import https from 'node:https';
import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import { isRetryableStatus, type PushProvider, type PushResult } from './push.ts';

const ZServiceAccount = z.object({
  project_id: z.string().min(1),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
});
export type FcmServiceAccount = z.infer<typeof ZServiceAccount>;

export const parseServiceAccount = (json: string): FcmServiceAccount =>
  ZServiceAccount.parse(JSON.parse(json));

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Renew the OAuth token this long before Google says it expires, so no request carries a stale one. */
const EXPIRY_MARGIN_MS = 60_000;

interface HttpResponse {
  status: number;
  body: string;
}

/** A keep-alive HTTP(S) client: one pool of sockets per provider, reused across every send. */
function createHttpClient(maxSockets: number) {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return {
    request(
      url: URL,
      init: { method: string; headers: Record<string, string>; body: string },
    ): Promise<HttpResponse> {
      const transport = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      return new Promise((resolve, reject) => {
        const req = transport.request(
          url,
          {
            method: init.method,
            headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
            );
            res.on('error', reject);
          },
        );
        req.setTimeout(30_000, () => req.destroy(new Error('FCM request timed out')));
        req.on('error', reject);
        req.end(init.body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/**
 * FCM HTTP v1. The service account's key signs an RS256 JWT assertion, exchanged at the OAuth
 * token endpoint for a bearer token that is cached (one exchange in flight at a time) until shortly
 * before it expires. Responses are mapped as Google documents them: 404 UNREGISTERED and a 400
 * INVALID_ARGUMENT about the token mean the token is gone; 429/5xx are retried; 401 renews the token.
 */
export function createFcmProvider(options: {
  serviceAccount: FcmServiceAccount;
  endpoint: string;
  oauthTokenUrl: string;
  maxSockets?: number;
  now?: () => number;
}): PushProvider {
  const { serviceAccount } = options;
  const now = options.now ?? Date.now;
  const client = createHttpClient(options.maxSockets ?? 64);
  const sendUrl = new URL(
    `${options.endpoint}/v1/projects/${encodeURIComponent(serviceAccount.project_id)}/messages:send`,
  );
  const keyPromise = importPKCS8(serviceAccount.private_key, 'RS256');
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchAccessToken(): Promise<string> {
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(serviceAccount.private_key_id ? { kid: serviceAccount.private_key_id } : {}),
      })
      .setIssuer(serviceAccount.client_email)
      .setSubject(serviceAccount.client_email)
      .setAudience(options.oauthTokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(await keyPromise);
    const response = await client.request(new URL(options.oauthTokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }).toString(),
    });
    if (response.status !== 200)
      throw new Error(`FCM OAuth token request failed with HTTP ${response.status}`);
    const body = z
      .object({ access_token: z.string(), expires_in: z.number() })
      .parse(JSON.parse(response.body));
    cached = { token: body.access_token, expiresAt: now() + body.expires_in * 1000 - EXPIRY_MARGIN_MS };
    return body.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
    inflight ??= fetchAccessToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  return {
    name: 'fcm',
    async send(message) {
      let bearer: string;
      let response: HttpResponse;
      try {
        bearer = await accessToken();
        response = await client.request(sendUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            message: {
              token: message.token,
              notification: { title: message.title, body: message.body },
              android: { collapse_key: message.collapseKey },
              apns: { headers: { 'apns-collapse-id': message.collapseKey.slice(0, 64) } },
            },
          }),
        });
      } catch (error) {
        return { status: 'retry', reason: `FCM unreachable: ${(error as Error).message}` };
      }
      if (response.status === 401 && cached?.token === bearer) cached = undefined;
      return classifyFcmResponse(response);
    },
    async close() {
      client.close();
    },
  };
}

const ZFcmError = z.object({
  error: z.object({
    code: z.number().optional(),
    status: z.string().optional(),
    message: z.string().optional(),
    details: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});

export function classifyFcmResponse(response: HttpResponse): PushResult {
  if (response.status === 200) return { status: 'sent' };
  let status = '';
  let errorCode = '';
  let tokenField = false;
  let text = '';
  try {
    const { error } = ZFcmError.parse(JSON.parse(response.body));
    status = error.status ?? '';
    text = error.message ?? '';
    for (const detail of error.details ?? []) {
      if (typeof detail.errorCode === 'string') errorCode = detail.errorCode;
      const violations = detail.fieldViolations;
      if (
        Array.isArray(violations) &&
        violations.some((v) => String((v as { field?: unknown }).field).includes('token'))
      ) {
        tokenField = true;
      }
    }
  } catch {
    // Not JSON (a proxy's error page): the HTTP status alone decides.
  }
  const reason = `FCM ${response.status} ${errorCode || status} ${text}`.trim();
  if (response.status === 404 || errorCode === 'UNREGISTERED') return { status: 'invalid_token', reason };
  if (response.status === 400 && (tokenField || /registration token/i.test(text)))
    return { status: 'invalid_token', reason };
  // 401: the bearer token expired between the cache check and the send; the renewed one will work.
  if (isRetryableStatus(response.status) || response.status === 401) return { status: 'retry', reason };
  return { status: 'failed', reason };
}
