import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import type { Actor } from './actor.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

let n = 0;
async function bannedActor(): Promise<Actor> {
  const { user } = await t.core.auth.signup({
    username: `banned_${process.pid}_${++n}`,
    password: 'correct horse battery staple 42',
  });
  const session = await t.db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return {
    id: user.id,
    username: user.username,
    sessionId: session.id,
    isPremium: false,
    isModerator: false,
    isBanned: true,
  };
}

const refusedAsBanned = { code: 'FORBIDDEN', reason: 'ACCOUNT_BANNED' };

/** The rules live in the services: whatever a router lets through, these hold. */
describe('a banned actor', () => {
  it('may not change the password, see or end sessions, or manage the address', async () => {
    const actor = await bannedActor();
    const input = {
      current_password: 'correct horse battery staple 42',
      new_password: 'another fine passphrase 9',
    };
    await expect(t.core.accountSecurity.changePassword(actor, input)).rejects.toMatchObject(refusedAsBanned);
    await expect(t.core.accountSecurity.listSessions(actor)).rejects.toMatchObject(refusedAsBanned);
    await expect(t.core.accountSecurity.endSession(actor, actor.sessionId ?? '')).rejects.toMatchObject(
      refusedAsBanned,
    );
    await expect(t.core.accountSecurity.logoutAll(actor, { keep_current: false })).rejects.toMatchObject(
      refusedAsBanned,
    );
    await expect(t.core.emailVerification.status(actor)).rejects.toMatchObject(refusedAsBanned);
  });

  it('keeps export, erasure and the activity log', async () => {
    const actor = await bannedActor();
    await expect(t.core.exports.request(actor)).resolves.toMatchObject({ status: 'queued' });
    await expect(t.core.activity.list(actor, { limit: 20 })).resolves.toHaveLength(2);
    await expect(
      t.core.dataDeletion.deleteTypes(actor, { types: ['checkins'], community: 'delete' }),
    ).resolves.toMatchObject({
      counts: { checkins: 0 },
    });
    await expect(t.core.dataDeletion.deleteAccount(actor)).resolves.toMatchObject({ counts: { profile: 1 } });
  });
});
