import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, importPKCS8, jwtVerify, SignJWT } from 'jose';

/**
 * Local protocol peers for the push services: they speak FCM's OAuth token endpoint and HTTP v1
 * messages:send (verifying the service-account JWT's RS256 signature with the test's public key,
 * then the bearer token), and APNs over HTTP/2 (verifying the ES256 provider token, its key id and
 * team id, the topic and the push headers). Each push they accept is counted per device token.
 */

export interface PeerPush {
  platform: 'fcm' | 'apns';
  token: string;
  title: string;
  body: string;
  collapseKey: string;
}

/** Lets a test answer a push differently (e.g. 410, 429); undefined = accept it. */
export type Responder = (push: PeerPush) => { status: number; body: unknown } | undefined;

export function generateFcmServiceAccount(projectId = 'wbn-test') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    serviceAccount: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(8).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: `push@${projectId}.iam.gserviceaccount.com`,
    },
    publicKey,
  };
}

export function generateApnsKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
    keyId: 'ABC123DEFG',
    teamId: 'TEAM123456',
    topic: 'com.example.wellbeing',
  };
}

class PushLog {
  pushes: PeerPush[] = [];
  counts = new Map<string, number>();
  rejected: string[] = [];
  record(push: PeerPush) {
    this.pushes.push(push);
    this.counts.set(push.token, (this.counts.get(push.token) ?? 0) + 1);
  }
  reset() {
    this.pushes = [];
    this.counts.clear();
    this.rejected = [];
  }
}

export async function startFcmPeer(options: {
  account: ReturnType<typeof generateFcmServiceAccount>;
  expiresIn?: number;
  /** A bearer accepted without the OAuth exchange (the benchmark's bare-client baseline). */
  staticBearer?: string;
  delayMs?: number;
}) {
  const log = new PushLog();
  const issued = new Set<string>(options.staticBearer ? [options.staticBearer] : []);
  const state = {
    responder: undefined as Responder | undefined,
    tokenRequests: 0,
    delayMs: options.delayMs ?? 0,
    /** Pushes received and held for `delayMs`, not yet recorded. */
    delaying: 0,
  };
  const { serviceAccount, publicKey } = options.account;
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => {});
    res.on('error', () => {});
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.method === 'POST' && req.url === '/token') {
        state.tokenRequests++;
        const form = new URLSearchParams(body);
        try {
          if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
            throw new Error('grant_type');
          const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', publicKey, {
            algorithms: ['RS256'],
            issuer: serviceAccount.client_email,
            audience: `${base}/token`,
            requiredClaims: ['iat', 'exp'],
          });
          if (payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging')
            throw new Error('scope');
          if (protectedHeader.kid !== serviceAccount.private_key_id) throw new Error('kid');
        } catch (error) {
          log.rejected.push(`token: ${(error as Error).message}`);
          return reply(400, { error: 'invalid_grant' });
        }
        const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
        issued.add(accessToken);
        return reply(200, {
          access_token: accessToken,
          expires_in: options.expiresIn ?? 3599,
          token_type: 'Bearer',
        });
      }
      const match = req.url === `/v1/projects/${serviceAccount.project_id}/messages:send`;
      if (req.method !== 'POST' || !match) return reply(404, { error: { code: 404, status: 'NOT_FOUND' } });
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!issued.has(bearer)) {
        log.rejected.push('send: bad bearer');
        return reply(401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
      }
      const message = JSON.parse(body).message;
      const push: PeerPush = {
        platform: 'fcm',
        token: message.token,
        title: message.notification?.title,
        body: message.notification?.body,
        collapseKey: message.android?.collapse_key,
      };
      if (state.delayMs) {
        state.delaying++;
        await new Promise((r) => setTimeout(r, state.delayMs));
        state.delaying--;
      }
      const custom = state.responder?.(push);
      if (custom) return reply(custom.status, custom.body);
      log.record(push);
      reply(200, { name: `projects/${serviceAccount.project_id}/messages/${randomUUID()}` });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('connection', (socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: base,
    tokenUrl: `${base}/token`,
    log,
    state,
    revokeAccessTokens: () => issued.clear(),
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve()) && server.closeAllConnections()),
  };
}

export async function startApnsPeer(options: { key: ReturnType<typeof generateApnsKey>; delayMs?: number }) {
  const log = new PushLog();
  const state = {
    responder: undefined as Responder | undefined,
    delayMs: options.delayMs ?? 0,
    /** Pushes received and held for `delayMs`, not yet recorded. */
    delaying: 0,
    providerTokens: new Set<string>(),
    sessions: 0,
  };
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(options.key.publicKey)), kid: options.key.keyId, alg: 'ES256' }],
  });
  const verified = new Map<string, number>();
  const server = http2.createServer();
  // A client killed mid-request (the SIGKILL test) resets its connection: that is not the peer's error.
  server.on('session', (session) => {
    state.sessions++;
    session.on('error', () => {});
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('error', () => {});
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', async () => {
      const reply = (status: number, json?: unknown) => {
        if (stream.destroyed) return;
        stream.respond({
          ':status': status,
          'apns-id': randomUUID(),
          ...(json ? { 'content-type': 'application/json' } : {}),
        });
        stream.end(json ? JSON.stringify(json) : undefined);
      };
      const path = String(headers[':path']);
      const token = path.startsWith('/3/device/') ? decodeURIComponent(path.slice('/3/device/'.length)) : '';
      const bearer = String(headers.authorization ?? '').replace(/^bearer /, '');
      try {
        if (headers[':method'] !== 'POST' || !token) throw new Error('path');
        // Like APNs, verify a provider token's signature once, then only its age on later requests.
        let iat = verified.get(bearer);
        if (iat === undefined) {
          if (decodeProtectedHeader(bearer).kid !== options.key.keyId) throw new Error('kid');
          const { payload } = await jwtVerify(bearer, jwks, {
            algorithms: ['ES256'],
            issuer: options.key.teamId,
            requiredClaims: ['iat'],
          });
          iat = payload.iat ?? 0;
          verified.set(bearer, iat);
        }
        if (Date.now() / 1000 - iat > 3600) return reply(403, { reason: 'ExpiredProviderToken' });
        if (headers['apns-topic'] !== options.key.topic) return reply(400, { reason: 'TopicDisallowed' });
        if (headers['apns-push-type'] !== 'alert') return reply(400, { reason: 'InvalidPushType' });
        if (!['5', '10'].includes(String(headers['apns-priority'])))
          return reply(400, { reason: 'BadPriority' });
        state.providerTokens.add(bearer);
      } catch (error) {
        log.rejected.push(`apns: ${(error as Error).message}`);
        return reply(403, { reason: 'InvalidProviderToken' });
      }
      const aps = JSON.parse(Buffer.concat(chunks).toString('utf8')).aps;
      const push: PeerPush = {
        platform: 'apns',
        token,
        title: aps?.alert?.title,
        body: aps?.alert?.body,
        collapseKey: String(headers['apns-collapse-id'] ?? ''),
      };
      if (state.delayMs) {
        state.delaying++;
        await new Promise((r) => setTimeout(r, state.delayMs));
        state.delaying--;
      }
      const custom = state.responder?.(push);
      if (custom) return reply(custom.status, custom.body);
      log.record(push);
      reply(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    log,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A provider token signed outside the provider (the benchmark's bare-client baseline uses it). */
export async function signApnsProviderToken(key: ReturnType<typeof generateApnsKey>): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.keyId })
    .setIssuer(key.teamId)
    .setIssuedAt()
    .sign(await importPKCS8(key.key, 'ES256'));
}
