import { createNavigatorClient } from '@wbn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, member } from './community-helpers.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let operator: Member;
beforeAll(async () => {
  t = await createTestApp();
  operator = await member(t);
  await t.core.users.setRole(operator.username, 'operator', true);
});
afterAll(async () => t?.close());

describe('operators', () => {
  it('grant and revoke premium and moderator over the API; the target sees it on its next request', async () => {
    const target = await member(t);
    const granted = await t.api('POST', '/api/operator/roles', {
      token: operator.token,
      body: { username: target.username, role: 'moderator', grant: true },
    });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ username: target.username, is_moderator: true });
    expect((await t.api('GET', '/api/moderation/reports', { token: target.token })).status).toBe(200);

    await t.api('POST', '/api/operator/roles', {
      token: operator.token,
      body: { username: target.username, role: 'moderator', grant: false },
    });
    expect((await t.api('GET', '/api/moderation/reports', { token: target.token })).status).toBe(403);
  });

  it('cannot make anyone an operator over the API (400: not a role the API knows)', async () => {
    const target = await member(t);
    const res = await t.api('POST', '/api/operator/roles', {
      token: operator.token,
      body: { username: target.username, role: 'operator', grant: true },
    });
    expect(res.status).toBe(400);
    expect((await t.api('GET', '/api/operator/overview', { token: target.token })).status).toBe(403);
  });

  it('are the only ones let in: members and moderators get 403 OPERATOR_REQUIRED, a CLI revoke applies at once', async () => {
    const [plain, mod] = await Promise.all([member(t), member(t, { moderator: true })]);
    for (const m of [plain, mod]) {
      const res = await t.api('POST', '/api/operator/roles', {
        token: m.token,
        body: { username: plain.username, role: 'premium', grant: true },
      });
      expect(res.status).toBe(403);
      expect(res.body.reason).toBe('OPERATOR_REQUIRED');
    }
    const former = await member(t);
    await t.core.users.setRole(former.username, 'operator', true);
    expect((await t.api('GET', '/api/operator/overview', { token: former.token })).status).toBe(200);
    await t.core.users.setRole(former.username, 'operator', false);
    expect((await t.api('GET', '/api/operator/overview', { token: former.token })).status).toBe(403);
  });

  it('see live queue sizes, dead letters and the content pack through the SDK', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const client = createNavigatorClient({
      baseUrl: `http://127.0.0.1:${address.port}`,
      token: operator.token,
    });

    await t.boss.createQueue('operator-test-dead');
    await t.boss.createQueue('operator-test', { deadLetter: 'operator-test-dead' });
    await t.boss.send('operator-test', { n: 1 });
    await t.boss.send('operator-test', { n: 2 });
    await t.boss.send('operator-test-dead', { n: 3 });
    const overview = await client.operator.overview.query();
    expect(overview.queues.find((q) => q.name === 'operator-test')).toMatchObject({
      dead_letter: 'operator-test-dead',
      queued: 2,
      active: 0,
    });
    expect(overview.queues.find((q) => q.name === 'operator-test-dead')).toMatchObject({ queued: 1 });
    expect(overview.content.items).toBe(0);
    expect(overview.content.version).toBeNull();

    await t.core.contentLoader.load(new URL('../../../content', import.meta.url).pathname);
    const loaded = await client.operator.overview.query();
    expect(loaded.content.items).toBeGreaterThan(0);
    expect(loaded.content.version).toMatch(/^[0-9a-f]{32}$/);
    expect(loaded.content.last_loaded_at).not.toBeNull();
  });
});
