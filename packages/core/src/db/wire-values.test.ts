import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import { isoTimestamp, jsonArray } from './wire-values.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

describe('isoTimestamp', () => {
  // Stored with microseconds, and under a session time zone that is not UTC, on purpose.
  const instants = [
    '2026-11-30T05:10:10.123Z',
    '2026-11-30T05:10:10.999999+02:00',
    '2026-03-29T01:30:00.5+01:00',
    '2024-02-29T23:59:59.000001-11:00',
    '0001-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
  ];

  it('writes every instant exactly as Date#toISOString writes what pg parses', async () => {
    const written = await t.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL TIME ZONE 'America/St_Johns'`.execute(tx);
      const { rows } = await sql<{ parsed: Date; iso: string }>`
        SELECT v.ts AS parsed, ${isoTimestamp('v.ts')} AS iso
        FROM unnest(${instants}::timestamptz[]) WITH ORDINALITY AS v(ts, n) ORDER BY v.n`.execute(tx);
      return rows;
    });
    expect(written).toHaveLength(instants.length);
    for (const row of written) expect(row.iso).toBe(row.parsed.toISOString());
    expect(written.map((row) => row.iso)).toContain('2026-11-30T03:10:10.999Z');
  });
});

describe('jsonArray', () => {
  it('reads a text[] as the same strings pg reads, whatever they contain', async () => {
    const values = [
      [],
      ['work', 'sleep'],
      ['a,b', 'say "hi"', 'back\\slash', '{braces}', 'NULL', ' padded ', 'ünïcødé 🌙'],
    ];
    for (const value of values) {
      const { rows } = await sql<{ parsed: string[]; json: string[] }>`
        SELECT v.a AS parsed, ${jsonArray('v.a')} AS json FROM (SELECT ${value}::text[] AS a) v`.execute(
        t.db,
      );
      expect(rows[0]?.json).toEqual(value);
      expect(rows[0]?.json).toEqual(rows[0]?.parsed);
    }
  });
});
