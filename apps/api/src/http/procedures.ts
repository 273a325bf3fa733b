import { type AnyTRPCProcedure, getTRPCErrorFromUnknown } from '@trpc/server';
import type { AppRouter } from '../router.ts';
import type { Context, Meta } from '../trpc.ts';
import { inputShape } from './query-input.ts';

/**
 * One procedure as the REST edge sees it. tRPC keeps these fields on `_def` without publishing
 * their types (`inputs` and `meta` are typed, `output` and `middlewares` are not): this module and
 * compiled-schemas.ts are the places that read them, so a tRPC upgrade that moves them breaks there,
 * at start-up, and nowhere else.
 */
export interface RestProcedure {
  /** tRPC path, e.g. "checkin.create". */
  path: string;
  type: 'query' | 'mutation';
  meta: Meta & { openapi: NonNullable<Meta['openapi']> };
  /** The input schema (at most one per procedure in this API), or undefined for no input. */
  input: unknown;
  /** False for no input or z.void(): whatever a request carries is then not the procedure's input. */
  takesInput: boolean;
  output: unknown;
  /** Runs the procedure (its middlewares, schemas and resolver) and answers its data or throws. */
  invoke: (call: { ctx: Context; getRawInput: () => Promise<unknown> }) => Promise<unknown>;
}

type ZodLike = { _zod?: { def: { type: string } } };

interface ProcedureInternals {
  _def: { type: string; meta?: Meta; inputs: unknown[]; output?: unknown; middlewares: unknown };
}

/** What tRPC hands each middleware, and what a middleware answers. */
interface CallOptions {
  ctx: object;
  path: string;
  type: 'query' | 'mutation';
  input: unknown;
  getRawInput: () => Promise<unknown>;
  signal: undefined;
  batchIndex: number;
}
type NextOptions = { ctx?: object; input?: unknown; getRawInput?: () => Promise<unknown> } | undefined;
type MiddlewareResult = { ok: true; data: unknown } | { ok: false; error: unknown };
type Middleware = (
  options: CallOptions & { meta: Meta; next: (options?: NextOptions) => Promise<MiddlewareResult> },
) => Promise<MiddlewareResult>;

/** Every procedure that declares `meta.openapi`, read once at start-up. */
export function restProcedures(router: AppRouter): RestProcedure[] {
  const all = router._def.procedures as unknown as Record<string, AnyTRPCProcedure & ProcedureInternals>;
  const found: RestProcedure[] = [];
  for (const [path, procedure] of Object.entries(all)) {
    const { type, meta, inputs, output, middlewares } = procedure._def;
    if (!meta?.openapi) continue;
    if (type !== 'query' && type !== 'mutation')
      throw new Error(`${path}: only queries and mutations are REST`);
    if (inputs.length > 1) throw new Error(`${path}: the REST edge supports one input schema`);
    const input = inputs[0];
    const takesInput = input !== undefined && (input as ZodLike)._zod?.def.type !== 'void';
    found.push({
      path,
      type,
      meta: { ...meta, openapi: meta.openapi },
      input,
      takesInput,
      output,
      invoke: invoker(path, type, meta, middlewareChain(path, middlewares)),
    });
  }
  return found;
}

function middlewareChain(path: string, middlewares: unknown): Middleware[] {
  if (!Array.isArray(middlewares) || !middlewares.every((m) => typeof m === 'function')) {
    throw new Error(`${path}: tRPC no longer keeps a procedure's middlewares in _def.middlewares`);
  }
  return middlewares as Middleware[];
}

/**
 * Runs a procedure exactly as tRPC's own caller does (each middleware in turn, the input and output
 * schemas among them, then the resolver; a throw becomes a failed result; a failure is thrown at the
 * end) but copies the call options with plain object spreads. tRPC's caller copies them with a
 * compiled-down spread helper (a defineProperty per key, twice per middleware), which cost a hot
 * route ~20 µs and ~15 KB of garbage per call. /trpc keeps tRPC's caller; rest-invoker.test.ts
 * holds both to the same answers and errors.
 */
function invoker(
  path: string,
  type: 'query' | 'mutation',
  meta: Meta,
  middlewares: Middleware[],
): RestProcedure['invoke'] {
  const step = async (index: number, options: CallOptions): Promise<MiddlewareResult> => {
    const middleware = middlewares[index];
    if (!middleware) throw new Error(`${path}: a middleware called next() after the resolver`);
    try {
      return await middleware({
        ...options,
        meta,
        next: (next) =>
          step(index + 1, {
            ...options,
            ctx: next?.ctx ? { ...options.ctx, ...next.ctx } : options.ctx,
            input: next && 'input' in next ? next.input : options.input,
            getRawInput: next?.getRawInput ?? options.getRawInput,
          }),
      });
    } catch (cause) {
      return { ok: false, error: getTRPCErrorFromUnknown(cause) };
    }
  };
  return async ({ ctx, getRawInput }) => {
    const result = await step(0, {
      ctx,
      path,
      type,
      input: undefined,
      getRawInput,
      signal: undefined,
      batchIndex: 0,
    });
    if (!result.ok) throw result.error;
    return result.data;
  };
}

/** The tRPC paths under the strict sign-in budget, e.g. "auth.login". */
export function strictlyLimitedPaths(procedures: RestProcedure[]): Set<string> {
  return new Set(procedures.filter((p) => p.meta.rateLimit === 'auth').map((p) => p.path));
}

/**
 * The input fields a procedure takes besides its path parameters, e.g. `types` and `community` of
 * DELETE /user/data: a DELETE that has any reads them from a JSON body when one is sent.
 */
export function nonPathInputFields({ input, meta }: Pick<RestProcedure, 'input' | 'meta'>): string[] {
  const inPath = new Set([...meta.openapi.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
  return Object.keys(inputShape(input) ?? {}).filter((field) => !inPath.has(field));
}
