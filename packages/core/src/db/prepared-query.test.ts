import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/test-runtime.ts';
import type { DbOrTx } from './database.ts';
import { onlyRow, preparedQuery } from './prepared-query.ts';
import { newestFirstPage, type TimelinePage } from './user-timeline.ts';

let t: TestRuntime;
let n = 0;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => t?.close());

/** A user with `count` check-ins one hour apart, anxiety 0, 1, 2, … from the newest down. */
async function userWithCheckins(count: number): Promise<string> {
  const { user } = await t.core.auth.signup({
    username: `prepared_${process.pid}_${++n}`,
    password: 'correct horse battery staple 42',
  });
  await sql`
    INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers)
    SELECT ${user.id}::uuid, timestamp '2026-06-01 12:00' - g * interval '1 hour', g % 11, ARRAY['work']
    FROM generate_series(0, ${count - 1}) g`.execute(t.db);
  return user.id;
}

const columns = ['id', 'timestamp', 'anxiety_level'] as const;
const built = (db: DbOrTx, page: TimelinePage) =>
  newestFirstPage(db.selectFrom('checkins').select(columns), 'checkins', page);
const page = preparedQuery('test.checkinsPage', built);

/** The statements prepared on the connection a transaction holds, after running `run` on it. */
async function preparedOnOneConnection(run: (tx: DbOrTx) => Promise<unknown>) {
  return t.db.transaction().execute(async (tx) => {
    await run(tx);
    const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(
      tx,
    );
    return rows.map((row) => row.statement);
  });
}

describe('preparedQuery', () => {
  it('answers exactly what the same Kysely query built each time answers, for every shape', async () => {
    const userId = await userWithCheckins(30);
    const all = await built(t.db, { userId, limit: 30 }).execute();
    const cursor = all[9]?.id;
    const shapes: TimelinePage[] = [
      { userId, limit: 5 },
      { userId, limit: 7, cursor },
      { userId, limit: 30, from: new Date('2026-06-01T00:00:00Z') },
      { userId, limit: 30, from: new Date('2026-05-31T12:00:00Z'), to: new Date('2026-06-01T06:00:00Z') },
      { userId, limit: 4, to: new Date('2026-06-01T03:00:00Z'), cursor: all[20]?.id },
      { userId, limit: 5 }, // the first shape again, from its compiled plan
    ];
    for (const shape of shapes) {
      const expected = await built(t.db, shape).execute();
      expect(expected.length).toBeGreaterThan(0);
      expect(await page(t.db, shape)).toEqual(expected);
    }
  });

  it('binds each call its own values: concurrent calls for different users never mix', async () => {
    const users = await Promise.all([userWithCheckins(3), userWithCheckins(4), userWithCheckins(5)]);
    const pages = await Promise.all(
      users.flatMap((userId) => [1, 2, 3].map(() => page(t.db, { userId, limit: 20 }))),
    );
    expect(pages.map((rows) => rows.length)).toEqual([3, 3, 3, 4, 4, 4, 5, 5, 5]);
    const owners = await sql<{ user_id: string; id: string }>`SELECT user_id, id FROM checkins`.execute(t.db);
    const ownerOf = new Map(owners.rows.map((row) => [row.id, row.user_id]));
    pages.forEach((rows, i) => {
      for (const row of rows) expect(ownerOf.get(row.id)).toBe(users[Math.floor(i / 3)]);
    });
  });

  it('makes a falsy value part of the shape, so a branch on it is taken as the value says', async () => {
    const userId = await userWithCheckins(3);
    const minimum = preparedQuery('test.minimumAnxiety', (db, args: { userId: string; atLeast: number }) => {
      const query = db.selectFrom('checkins').select('anxiety_level').where('user_id', '=', args.userId);
      return args.atLeast ? query.where('anxiety_level', '>=', args.atLeast) : query;
    });
    // Either order: a shape built for the falsy value must not serve a truthy one, nor the reverse.
    expect(await minimum(t.db, { userId, atLeast: 0 })).toHaveLength(3);
    expect(await minimum(t.db, { userId, atLeast: 2 })).toHaveLength(1);
    expect(await minimum(t.db, { userId, atLeast: 1 })).toHaveLength(2);
    expect(await minimum(t.db, { userId, atLeast: 0 })).toHaveLength(3);
    expect(await page(t.db, { userId, limit: 0 })).toEqual([]);
  });

  it('runs as a statement the connection prepared once, reused by the next call', async () => {
    const userId = await userWithCheckins(2);
    const statements = await preparedOnOneConnection(async (tx) => {
      await page(tx, { userId, limit: 2 });
      await page(tx, { userId, limit: 1 });
    });
    const sqlText = built(t.db, { userId, limit: 2 }).compile().sql;
    expect(statements.filter((statement) => statement === sqlText)).toHaveLength(1);
  });

  it('leaves every statement it did not compile unprepared', async () => {
    const userId = await userWithCheckins(2);
    const other = (db: DbOrTx) => db.selectFrom('checkins').select('triggers').where('user_id', '=', userId);
    const statements = await preparedOnOneConnection(async (tx) => {
      await other(tx).execute();
      await page(tx, { userId, limit: 2 });
    });
    expect(statements).toContain(built(t.db, { userId, limit: 2 }).compile().sql);
    expect(statements).not.toContain(other(t.db).compile().sql);
  });

  it('writes inside the caller’s transaction, which can roll it back', async () => {
    const userId = await userWithCheckins(1);
    const insert = preparedQuery(
      'test.insertCheckin',
      (db, row: { user_id: string; anxiety_level: number }) =>
        db
          .insertInto('checkins')
          .values({ ...row, timestamp: new Date('2026-07-01T00:00:00Z'), triggers: [] })
          .returning('id'),
    );
    await expect(
      t.db.transaction().execute(async (tx) => {
        onlyRow(await insert(tx, { user_id: userId, anxiety_level: 7 }));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await page(t.db, { userId, limit: 10 })).toHaveLength(1);
    onlyRow(await insert(t.db, { user_id: userId, anxiety_level: 7 }));
    expect(await page(t.db, { userId, limit: 10 })).toHaveLength(2);
  });

  it('refuses, when a shape is first built, an argument used as anything but a bound value', async () => {
    const userId = await userWithCheckins(1);
    const inText = preparedQuery('test.inText', (db, args: { userId: string; column: string }) =>
      db
        .selectFrom('checkins')
        .select(sql.raw(`${args.column}`).as('c'))
        .where('user_id', '=', args.userId),
    );
    await expect(inText(t.db, { userId, column: 'anxiety_level' })).rejects.toThrow(
      'prepared query argument "column" may only be bound as a value',
    );
    const unbound = preparedQuery('test.unbound', (db, args: { userId: string; newestOnly: boolean }) => {
      const query = db.selectFrom('checkins').select('id').where('user_id', '=', args.userId);
      return args.newestOnly ? query.orderBy('timestamp', 'desc').limit(1) : query;
    });
    await expect(unbound(t.db, { userId, newestOnly: true })).rejects.toThrow(
      'prepared query test.unbound: argument "newestOnly" must be bound as a value',
    );
  });
});
