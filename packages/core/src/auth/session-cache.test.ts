import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import { waitFor } from '../testing/wait.ts';
import { createSessionCache } from './session-cache.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ env: { SESSION_CACHE_TTL_MS: '30000' } });
});
afterAll(async () => t?.close());

const PASSWORD = 'correct horse battery staple 42';
let n = 0;
const signup = () => t.core.auth.signup({ username: `cache_${process.pid}_${++n}`, password: PASSWORD });

describe('session cache', () => {
  it('expires entries after the TTL and evicts by session and by user', () => {
    let clock = 0;
    const cache = createSessionCache({ ttlMs: 1000, now: () => clock, live: true });
    const user = {
      id: 'u1',
      username: 'a',
      sessionId: 's',
      isPremium: false,
      isModerator: false,
      isBanned: false,
    };
    cache.set('s1', user);
    cache.set('s2', user);
    expect(cache.get('s1')).toEqual(user);
    clock = 1001;
    expect(cache.get('s1')).toBeUndefined();
    cache.set('s1', user);
    cache.forgetSession('s');
    expect(cache.get('s1')).toBeUndefined();
    cache.set('s1', user);
    cache.set('s2', user);
    cache.forgetUser('u1');
    expect(cache.get('s1')).toBeUndefined();
    expect(cache.get('s2')).toBeUndefined();
    const off = createSessionCache({ ttlMs: 0 });
    off.set('s1', user);
    expect(off.get('s1')).toBeUndefined();
  });

  it('answers nothing and keeps nothing while change notifications are not flowing', () => {
    const cache = createSessionCache({ ttlMs: 1000, now: () => 0, live: true });
    const user = {
      id: 'u1',
      username: 'a',
      sessionId: 's',
      isPremium: false,
      isModerator: false,
      isBanned: false,
    };
    cache.set('s1', user);
    cache.setLive(false);
    expect(cache.get('s1')).toBeUndefined();
    cache.set('s1', user);
    cache.setLive(true);
    expect(cache.get('s1')).toBeUndefined();
  });

  it('serves repeat checks from memory; a change made anywhere reaches it through NOTIFY', async () => {
    const session = await signup();
    await waitFor(async () => {
      await t.core.auth.authenticate(session.token);
      return t.core.sessionCache.get(session.token) !== undefined;
    }, 'the listener to be live');
    // Proof the answer comes from memory: a change that skips the triggers (and so the notification)
    // is not seen.
    await t.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx);
      await tx.updateTable('users').set({ is_moderator: true }).where('id', '=', session.user.id).execute();
    });
    expect((await t.core.auth.authenticate(session.token)).isModerator).toBe(false);
    // A change behind the services' back, as another process or the CLI would make it: the trigger
    // announces it and the cache forgets the user.
    await t.db.updateTable('users').set({ is_premium: true }).where('id', '=', session.user.id).execute();
    await waitFor(
      async () => (await t.core.auth.authenticate(session.token)).isPremium,
      'the grant to reach the cache',
      2000,
    );
    expect(await t.core.auth.authenticate(session.token)).toMatchObject({
      isPremium: true,
      isModerator: true,
    });

    await t.db.updateTable('users').set({ is_banned: true }).where('id', '=', session.user.id).execute();
    await waitFor(
      async () => (await t.core.auth.authenticate(session.token)).isBanned,
      'the ban to reach the cache',
      2000,
    );
    expect(await t.core.auth.authenticate(session.token)).toMatchObject({ isBanned: true });
  });

  it('logout and deletion through the services apply at once', async () => {
    const session = await signup();
    const after = await t.core.auth.authenticate(session.token);
    await t.core.auth.authenticate(session.token);
    await t.core.auth.logout(after);
    await expect(t.core.auth.authenticate(session.token)).rejects.toMatchObject({
      reason: 'SESSION_REVOKED',
    });

    const other = await signup();
    await t.core.auth.authenticate(other.token);
    await t.core.users.deleteAccount(other.user.id);
    await expect(t.core.auth.authenticate(other.token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
