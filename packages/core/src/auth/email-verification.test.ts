import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import type { Actor } from './actor.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ env: { RESET_REQUESTS_PER_HOUR: '1' } });
});
afterAll(async () => t?.close());

let n = 0;
async function userWith(email: string): Promise<Actor> {
  const { user } = await t.core.auth.signup({
    username: `verify_${process.pid}_${++n}`,
    password: 'correct horse battery staple 42',
    email,
  });
  return { id: user.id, username: user.username, isPremium: false, isModerator: false, isBanned: false };
}

describe('email verification codes', () => {
  it('confirm only the address they were sent to, even while that code is still open', async () => {
    const first = `first_${process.pid}@example.org`;
    const actor = await userWith(first);
    const issued = await t.core.emailVerification.issueCode(actor.id);
    expect(issued?.to).toBe(first);
    // The address changes while the hourly allowance is spent: no new code voids the open one.
    const second = `second_${process.pid}@example.org`;
    await t.core.users.updateProfile(actor.id, { email: second });
    expect(await t.core.emailVerification.issueCode(actor.id)).toBeUndefined();
    await expect(
      t.core.emailVerification.confirm(actor, { email: second, code: issued?.code ?? '' }),
    ).rejects.toMatchObject({ reason: 'INVALID_VERIFICATION_CODE' });
    expect(await t.core.emailVerification.status(actor)).toEqual({ email: second, verified: false });
  });

  it('share the reset-code allowance rules but not the reset codes themselves', async () => {
    const email = `shared_${process.pid}@example.org`;
    const actor = await userWith(email);
    const verification = await t.core.emailVerification.issueCode(actor.id);
    expect(verification).toBeDefined();
    // A verification code is no reset code: the address is unconfirmed, so no reset code is issued,
    // and the verification code does not reset the password.
    expect(await t.core.passwordReset.issueCode(email)).toBeUndefined();
    await expect(
      t.core.passwordReset.confirm({
        email,
        code: verification?.code ?? '',
        new_password: 'another fine passphrase 9',
      }),
    ).rejects.toMatchObject({ reason: 'INVALID_RESET_CODE' });
    await t.core.emailVerification.confirm(actor, { email, code: verification?.code ?? '' });
    expect((await t.core.emailVerification.status(actor)).verified).toBe(true);
  });
});
