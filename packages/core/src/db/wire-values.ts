import { type RawBuilder, sql } from 'kysely';

/**
 * Columns read in the form the API writes them, for the pages a client reads most. pg would parse
 * each value into a JavaScript object (a timestamptz with a regular expression into a Date, a text[]
 * with postgres-array) only for the service to turn it back into what the wire carries: for a page
 * of 20 check-ins, ~29 KB of garbage per request. PostgreSQL formats them in C instead, and pg reads
 * json with JSON.parse.
 */

/**
 * A timestamptz as Date#toISOString writes it: UTC, milliseconds, "Z" (e.g. 2026-11-30T05:10:10.123Z),
 * for every instant the API can store (years 0001-9999; the input schemas accept no others).
 */
export function isoTimestamp(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A text[] as a JSON array, which pg hands to JSON.parse. */
export function jsonArray(column: string): RawBuilder<string[]> {
  return sql<string[]>`to_json(${sql.ref(column)})`;
}
