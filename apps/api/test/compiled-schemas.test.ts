import { initTRPC, TRPCError } from '@trpc/server';
import { ZCheckinCreateInput, ZCheckinHistory, ZHistoryQuery } from '@wbn/contracts/checkins';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileProcedureSchemas } from '../src/compiled-schemas.ts';
import { appRouter } from '../src/router.ts';

/**
 * Compiled schemas must change nothing but speed: the same parsed input reaches the resolver, the
 * same output leaves, and a refused input or output fails with the same error and issues.
 */
const t = initTRPC.create();
const item = (id: string) => ({
  id,
  anxiety_level: 4,
  triggers: ['work'],
  timestamp: '2026-11-30T05:10:10.123Z',
  extra: 1,
});

type Middleware = { _type?: string };
const middlewaresOf = (router: ReturnType<typeof echoRouter>) =>
  (router._def.procedures.history._def as unknown as { middlewares: Middleware[] }).middlewares;

/** A router echoing what its input schema parsed, and answering `output` through its output schema. */
function echoRouter() {
  return t.router({
    history: t.procedure
      .input(ZHistoryQuery)
      .output(z.object({ query: ZHistoryQuery, items: ZCheckinHistory }))
      .query(({ input }) => ({
        query: input,
        items: input.cursor ? [item(input.cursor)] : [item('not-a-uuid')],
      })),
    create: t.procedure.input(ZCheckinCreateInput).mutation(({ input }) => input),
  });
}

async function outcome(run: () => Promise<unknown>) {
  try {
    return { data: await run() };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { issues?: unknown } | undefined;
    return { code: error.code, message: error.message, issues: cause?.issues };
  }
}

describe('compileProcedureSchemas', () => {
  const runtime = echoRouter();
  const compiled = echoRouter();
  compileProcedureSchemas(compiled);
  const callRuntime = t.createCallerFactory(runtime)({});
  const callCompiled = t.createCallerFactory(compiled)({});
  const cursor = '0b5f7c1e-3f4a-4d2b-9c8e-1a2b3c4d5e6f';

  it.each([
    ['a valid query and output', { limit: 20, cursor }],
    ['a default filled in', { cursor }],
    ['an invalid query', { limit: 0, from: 'yesterday', cursor: 'x' }],
    ['an output the schema refuses', { limit: 5 }],
  ])('answers exactly what Zod itself answers: %s', async (_case, input) => {
    const expected = await outcome(() => callRuntime.history(input as never));
    expect(await outcome(() => callCompiled.history(input as never))).toEqual(expected);
  });

  it.each([
    [
      'a transform (triggers folded)',
      { anxiety_level: 3, triggers: [' Work ', 'work'], timestamp: '2026-11-30T05:10:10Z' },
    ],
    [
      'a refinement that fails',
      {
        anxiety_level: 3,
        triggers: ['x'.repeat(50), ...Array(19).fill('y'.repeat(50))],
        timestamp: '2026-11-30T05:10:10Z',
      },
    ],
    ['no body at all', undefined],
  ])('keeps Zod semantics where the schema cannot be compiled: %s', async (_case, input) => {
    const expected = await outcome(() => callRuntime.create(input as never));
    expect(await outcome(() => callCompiled.create(input as never))).toEqual(expected);
  });

  it('replaces the input and output middlewares, and leaves the others', () => {
    const fresh = echoRouter();
    const before = [...middlewaresOf(fresh)];
    compileProcedureSchemas(fresh);
    const kept = middlewaresOf(fresh).map((middleware, index) => middleware === before[index]);
    expect(middlewaresOf(fresh).map((m) => m._type)).toEqual(before.map((m) => m._type));
    expect(kept).toEqual(before.map((m) => m._type === undefined));
    // The API's own router was compiled when it was defined: a second pass finds the same layout.
    expect(() => compileProcedureSchemas(appRouter)).not.toThrow();
  });

  it('refuses, at start-up, a procedure whose schemas and middlewares no longer line up', () => {
    const broken = echoRouter();
    const middlewares = middlewaresOf(broken);
    middlewares.splice(
      middlewares.findIndex((middleware) => middleware._type === 'input'),
      1,
    );
    expect(() => compileProcedureSchemas(broken)).toThrow(/history: an input schema without its middleware/);
  });
});
