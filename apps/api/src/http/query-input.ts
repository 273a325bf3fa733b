/**
 * Query strings carry only strings; the input schemas expect numbers, booleans and arrays. This
 * reads, once per procedure, which top-level fields want which, and converts a query object to
 * match before the schema runs. Values that do not convert stay strings, so the schema reports them
 * (a 400 naming the field) instead of this code guessing.
 */
type Kind = 'number' | 'boolean' | 'array' | 'other';

interface ZodLike {
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; in?: ZodLike } };
}

/** Optional, nullable, default, catch and pipes wrap the type that decides the conversion. */
function kindOf(schema: ZodLike): Kind {
  const def = schema._zod.def;
  if (def.type === 'number' || def.type === 'int' || def.type === 'bigint') return 'number';
  if (def.type === 'boolean') return 'boolean';
  if (def.type === 'array') return 'array';
  const inner = def.innerType ?? def.in;
  return inner ? kindOf(inner) : 'other';
}

export type QueryConverter = (query: Record<string, unknown>) => Record<string, unknown>;

function convert(kind: Kind, value: unknown): unknown {
  if (kind === 'array') return Array.isArray(value) ? value : [value];
  if (typeof value !== 'string') return value;
  if (kind === 'number') {
    const number = Number(value);
    return value.trim() !== '' && Number.isFinite(number) ? number : value;
  }
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** The fields of an input object schema (through optional, default and pipe wrappers), if it is one. */
export function inputShape(schema: unknown): Record<string, ZodLike> | undefined {
  let object = schema as ZodLike | undefined;
  while (object?._zod && !object._zod.def.shape) object = object._zod.def.innerType ?? object._zod.def.in;
  return object?._zod?.def.shape;
}

/** Builds the converter for an input schema; undefined when nothing needs converting. */
export function queryConverter(schema: unknown): QueryConverter | undefined {
  const shape = inputShape(schema);
  if (!shape) return undefined;
  const kinds = Object.entries(shape)
    .map(([key, field]) => [key, kindOf(field)] as const)
    .filter(([, kind]) => kind !== 'other');
  if (kinds.length === 0) return undefined;
  return (query) => {
    const converted = { ...query };
    for (const [key, kind] of kinds) {
      if (converted[key] !== undefined) converted[key] = convert(kind, converted[key]);
    }
    return converted;
  };
}
