import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import { createSessionCache } from './session-cache.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ env: { SESSION_CACHE_TTL_MS: '60000' } });
});
afterAll(async () => t?.close());

const PASSWORD = 'correct horse battery staple 42';
let n = 0;
const signup = () => t.core.auth.signup({ username: `cache_${process.pid}_${++n}`, password: PASSWORD });

describe('session cache', () => {
  it('expires entries after the TTL and evicts by session and by user', () => {
    let clock = 0;
    const cache = createSessionCache({ ttlMs: 1000, now: () => clock });
    const user = { id: 'u1', username: 'a', sessionId: 's', isPremium: false, isModerator: false };
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

  it('serves repeat checks from memory, and logout, role changes and deletion through the services apply at once', async () => {
    const session = await signup();
    expect((await t.core.auth.authenticate(session.token)).isPremium).toBe(false);
    // Behind the services' back (as another process would): the cached answer stands until the TTL.
    await t.db.updateTable('users').set({ is_moderator: true }).where('id', '=', session.user.id).execute();
    expect((await t.core.auth.authenticate(session.token)).isModerator).toBe(false);
    // Through the service: seen on the very next request.
    await t.core.users.setRole(session.user.username, 'premium', true);
    const after = await t.core.auth.authenticate(session.token);
    expect(after).toMatchObject({ isPremium: true, isModerator: true });

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
