import type { RoleChangeInput } from '@wbn/contracts/operator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

let counter = 0;
async function account(roles: ('moderator' | 'operator')[] = []): Promise<Actor> {
  const username = `op_${process.pid}_${++counter}`;
  const { user } = await t.core.auth.signup({ username, password: 'correct horse battery staple 42' });
  for (const role of roles) await t.core.users.setRole(username, role, true);
  return {
    id: user.id,
    username,
    isPremium: false,
    isModerator: roles.includes('moderator'),
    isBanned: false,
  };
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: { reason?: string }) => error.reason,
  );

describe('operator service', () => {
  it('lets only operators in: not members, not moderators, not a banned operator', async () => {
    const [member, moderator, operator] = await Promise.all([
      account(),
      account(['moderator']),
      account(['operator']),
    ]);
    expect(await reasonOf(t.core.operator.overview(member))).toBe('OPERATOR_REQUIRED');
    expect(await reasonOf(t.core.operator.overview(moderator))).toBe('OPERATOR_REQUIRED');
    expect(await reasonOf(t.core.operator.overview(operator))).toBe('allowed');
    expect(await reasonOf(t.core.operator.overview({ ...operator, isBanned: true }))).toBe('ACCOUNT_BANNED');
  });

  it('grants premium and moderator but never operator, whatever the caller passes', async () => {
    const [operator, target] = await Promise.all([account(['operator']), account()]);
    const granted = await t.core.operator.setRole(operator, {
      username: target.username,
      role: 'moderator',
      grant: true,
    });
    expect(granted.is_moderator).toBe(true);
    const logged = await t.db
      .selectFrom('activity_log')
      .select(['kind', 'actor', 'operator'])
      .where('user_id', '=', granted.id)
      .where('kind', '=', 'role-granted')
      .execute();
    expect(logged).toEqual([
      { kind: 'role-granted', actor: 'operator', operator: `console:${operator.username}` },
    ]);
    const sneaky = { username: target.username, role: 'operator', grant: true } as unknown as RoleChangeInput;
    expect(await reasonOf(t.core.operator.setRole(operator, sneaky))).toBe('OPERATOR_REQUIRED');
    expect(await reasonOf(t.core.operator.overview(target))).toBe('OPERATOR_REQUIRED');
  });

  it('counts queued, active and failed jobs per queue, live', async () => {
    const operator = await account(['operator']);
    const queue = `stats-${++counter}`;
    await t.boss.createQueue(queue);
    await t.boss.send(queue, { n: 1 }, { retryLimit: 0 });
    await t.boss.send(queue, { n: 2 }, { retryLimit: 0 });
    await t.boss.send(queue, { n: 3 }, { retryLimit: 0 });
    const [failing, running] = await t.boss.fetch(queue, { batchSize: 2 });
    if (!failing || !running) throw new Error('expected two jobs');
    await t.boss.fail(queue, failing.id, { message: 'boom' });

    const stats = (await t.core.operator.overview(operator)).queues.find((q) => q.name === queue);
    expect(stats).toEqual({ name: queue, dead_letter: null, queued: 1, active: 1, failed: 1, completed: 0 });
  });
});
