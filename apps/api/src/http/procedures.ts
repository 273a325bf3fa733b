import type { AnyTRPCProcedure } from '@trpc/server';
import type { AppRouter } from '../router.ts';
import type { Meta } from '../trpc.ts';
import { inputShape } from './query-input.ts';

/**
 * One procedure as the REST edge sees it. tRPC keeps these fields on `_def` without publishing
 * their types (`inputs` and `meta` are typed, `output` is not): this module is the one place that
 * reads them, so a tRPC upgrade that moves them breaks here, at start-up, and nowhere else.
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
  call: AnyTRPCProcedure;
}

type ZodLike = { _zod?: { def: { type: string } } };

interface ProcedureInternals {
  _def: { type: string; meta?: Meta; inputs: unknown[]; output?: unknown };
}

/** Every procedure that declares `meta.openapi`, read once at start-up. */
export function restProcedures(router: AppRouter): RestProcedure[] {
  const all = router._def.procedures as unknown as Record<string, AnyTRPCProcedure & ProcedureInternals>;
  const found: RestProcedure[] = [];
  for (const [path, procedure] of Object.entries(all)) {
    const { type, meta, inputs, output } = procedure._def;
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
      call: procedure,
    });
  }
  return found;
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
