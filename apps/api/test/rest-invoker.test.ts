import { TRPCError } from '@trpc/server';
import { AppError } from '@wbn/core/errors';
import { createTestRuntime, type TestRuntime } from '@wbn/core/testing/test-runtime';
import { noTracing } from '@wbn/core/tracing/tracing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restProcedures } from '../src/http/procedures.ts';
import { appRouter } from '../src/router.ts';
import { type Context, createCallerFactory } from '../src/trpc.ts';
import { STRONG_PASSWORD, uniqueName } from './test-app.ts';

/**
 * The REST edge runs each procedure with its own invoker rather than tRPC's caller: both must
 * answer the same data and fail with the same errors, whatever stage fails (the edge middleware,
 * authentication, the input schema, the service).
 */
let t: TestRuntime;
let token: string;
beforeAll(async () => {
  t = await createTestRuntime();
  ({ token } = await t.core.auth.signup({ username: uniqueName('invoker'), password: STRONG_PASSWORD }));
});
afterAll(async () => t?.close());

const procedures = new Map(restProcedures(appRouter).map((procedure) => [procedure.path, procedure]));
const context = (bearerToken: string | undefined): Context => ({
  core: t.core,
  logger: t.logger,
  bearerToken,
  ip: '127.0.0.1',
  requestId: 'invoker-test',
  tracing: noTracing,
});

/** One call both ways: what each answered, or the error each threw, reduced to what a client sees. */
async function bothWays(path: string, input: unknown, bearerToken: string | undefined) {
  const procedure = procedures.get(path);
  if (!procedure) throw new Error(`no REST procedure ${path}`);
  const viaInvoker = procedure.invoke({ ctx: context(bearerToken), getRawInput: async () => input });
  const [router, name] = path.split('.') as [string, string];
  const caller = createCallerFactory(appRouter)(context(bearerToken)) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const viaCaller = caller[router]?.[name]?.(input);
  return Promise.all([outcome(viaInvoker), outcome(viaCaller)]);
}

async function outcome(call: Promise<unknown> | undefined) {
  try {
    return { data: await call };
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const { code, message, cause } = error as TRPCError;
    return {
      code,
      message,
      cause: cause?.constructor.name,
      reason: cause instanceof AppError ? cause.reason : undefined,
    };
  }
}

describe('the REST invoker', () => {
  it('answers what tRPC’s caller answers', async () => {
    const entry = { anxiety_level: 4, triggers: ['work'], timestamp: '2026-03-01T08:00:00Z' };
    await bothWays('checkin.create', entry, token);
    const [invoked, called] = await bothWays('checkin.history', { limit: 20 }, token);
    expect(invoked).toEqual(called);
    expect(invoked).toMatchObject({ data: [{ anxiety_level: 4 }, { anxiety_level: 4 }] });
  });

  it('fails as tRPC’s caller fails: no token, a forged token, bad input, too deep, not found', async () => {
    const cases: [string, unknown, string | undefined][] = [
      ['checkin.history', { limit: 20 }, undefined],
      ['checkin.history', { limit: 20 }, 'not-a-token'],
      ['checkin.create', { anxiety_level: 42, triggers: [] }, token],
      ['checkin.create', nested(100), token],
      ['checkin.get', { id: '00000000-0000-4000-8000-000000000000' }, token],
    ];
    const expected = ['UNAUTHORIZED', 'UNAUTHORIZED', 'BAD_REQUEST', 'BAD_REQUEST', 'NOT_FOUND'];
    for (const [i, [path, input, bearer]] of cases.entries()) {
      const [invoked, called] = await bothWays(path, input, bearer);
      expect(invoked).toEqual(called);
      expect(invoked).toMatchObject({ code: expected[i] });
    }
  });
});

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
