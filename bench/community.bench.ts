/**
 * Forum read paths at scale: a category with 100 k posts and 1 M replies; page 1 and page 1 000 of
 * the post list and a post with 500 replies (first page of 100 replies), each against
 *   - the real API (auth-less public routes, validation, tRPC→REST, serialization), and
 *   - a bare Fastify + pg server running the same SQL (no validation, no framework),
 * plus the SQL alone (pg client loop). Latency runs use 1 connection (p50 is the target); a
 * throughput run uses 10. Prints EXPLAIN ANALYZE of the queries the API issues.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench community
 */

import { buildServer } from '@wbn/api/server';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import Fastify from 'fastify';
import pg from 'pg';
import { freshDatabase } from './lib/database.ts';
import { runLoad } from './lib/load.ts';
import { median, minMedianMax, print, quantile } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
/** generate_series only: 99 999 posts with ~10 replies each, plus one thread of 500 (1 M replies). 1 % hidden. */
async function seed(client: pg.Client) {
  const started = performance.now();
  await client.query(`
    INSERT INTO users (username, password_hash, pseudonym) VALUES ('bench_author', 'x', 'Bench-Otter-0001');
    INSERT INTO community_categories (name, description) VALUES ('Bench', '100k posts');
  `);
  await client.query(`
    INSERT INTO community_posts (category_id, author_user_id, author_pseudonym, "timestamp", title, content, is_hidden)
    SELECT c.id, u.id, u.pseudonym, timestamp '2026-01-01' + g * interval '1 minute', 'Post number ' || g,
           repeat('Some thoughts about the day. ', 20), g % 100 = 0
      FROM generate_series(1, 99999) g, community_categories c, users u
     WHERE c.name = 'Bench' AND u.username = 'bench_author';
    INSERT INTO community_posts (category_id, author_user_id, author_pseudonym, "timestamp", title, content)
    SELECT c.id, u.id, u.pseudonym, timestamp '2025-12-31', 'Big thread', 'Five hundred replies below'
      FROM community_categories c, users u WHERE c.name = 'Bench' AND u.username = 'bench_author';
  `);
  await client.query(`
    CREATE TEMP TABLE bench_posts AS
      SELECT id, "timestamp", row_number() OVER (ORDER BY "timestamp" DESC) AS rn
        FROM community_posts WHERE title <> 'Big thread';
    INSERT INTO community_replies (post_id, author_user_id, author_pseudonym, "timestamp", content, is_hidden)
    SELECT p.id, u.id, u.pseudonym, p."timestamp" + (g / 99999 + 1) * interval '1 second', 'A kind reply ' || g, g % 100 = 0
      FROM generate_series(0, 999499) g
      JOIN bench_posts p ON p.rn = g % 99999 + 1
     CROSS JOIN users u WHERE u.username = 'bench_author';
    INSERT INTO community_replies (post_id, author_user_id, author_pseudonym, "timestamp", content)
    SELECT p.id, u.id, u.pseudonym, p."timestamp" + g * interval '1 second', 'Reply ' || g
      FROM generate_series(1, 500) g, community_posts p, users u
     WHERE p.title = 'Big thread' AND u.username = 'bench_author';
  `);
  await client.query('VACUUM ANALYZE');
  const counts = await client.query(`
    SELECT (SELECT count(*) FROM community_posts) AS posts, (SELECT count(*) FROM community_replies) AS replies,
           (SELECT visible_post_count FROM community_categories WHERE name = 'Bench') AS visible_posts,
           (SELECT id FROM community_categories WHERE name = 'Bench') AS category_id,
           (SELECT id FROM community_posts WHERE title = 'Big thread') AS big_post_id`);
  const row = counts.rows[0];
  print(
    `seeded ${row.posts} posts (${row.visible_posts} visible), ${row.replies} replies in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { categoryId: row.category_id as string, bigPostId: row.big_post_id as string };
}

// The SQL the API's repositories issue (same statements, parameters inlined by pg).
const SQL = {
  category: 'SELECT id, name, archived_at, visible_post_count FROM community_categories WHERE id = $1',
  page: `SELECT p.id, p.author_pseudonym, p."timestamp", p.title,
           (SELECT count(*) FROM community_replies r
             WHERE r.post_id = p.id AND r.is_hidden = false AND r.deleted_at IS NULL) AS reply_count
           FROM (SELECT id FROM community_posts
                  WHERE category_id = $1 AND is_hidden = false AND deleted_at IS NULL
                  ORDER BY "timestamp" DESC, id DESC LIMIT $2 OFFSET $3) page
           JOIN community_posts p ON p.id = page.id
          ORDER BY p."timestamp" DESC, p.id DESC`,
  post: `SELECT id, category_id, author_user_id, author_pseudonym, "timestamp", title, content, edited_at, is_hidden, deleted_at
           FROM community_posts WHERE id = $1`,
  replies: `SELECT id, author_pseudonym, "timestamp", content FROM community_replies
             WHERE post_id = $1 AND is_hidden = false AND deleted_at IS NULL
             ORDER BY "timestamp", id LIMIT $2`,
  replyCount: `SELECT count(*) AS n FROM community_replies WHERE post_id = $1 AND is_hidden = false AND deleted_at IS NULL`,
};

async function listPostsSql(q: pg.Pool | pg.Client, categoryId: string, page: number, limit = 20) {
  const category = await q.query(SQL.category, [categoryId]);
  const posts = await q.query(SQL.page, [categoryId, limit, (page - 1) * limit]);
  return { posts: posts.rows, total_posts: category.rows[0].visible_post_count };
}

async function postSql(q: pg.Pool | pg.Client, postId: string, limit = 100) {
  const post = await q.query(SQL.post, [postId]);
  const [replies, count] = await Promise.all([
    q.query(SQL.replies, [postId, limit + 1]),
    q.query(SQL.replyCount, [postId]),
  ]);
  return { ...post.rows[0], reply_count: count.rows[0].n, replies: replies.rows.slice(0, limit) };
}

async function baselineServer(pool: pg.Pool) {
  const app = Fastify();
  app.get<{ Params: { id: string }; Querystring: { page?: string; limit?: string } }>(
    '/api/community/category/:id/posts',
    (req) => listPostsSql(pool, req.params.id, Number(req.query.page ?? 1), Number(req.query.limit ?? 20)),
  );
  app.get<{ Params: { id: string }; Querystring: { replies_limit?: string } }>(
    '/api/community/post/:id',
    (req) => postSql(pool, req.params.id, Number(req.query.replies_limit ?? 50)),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

async function sqlOnly(fn: () => Promise<unknown>, n = 300) {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

// The load generator runs in a worker thread so it does not share the servers' event loop.
const cannon = (url: string, connections: number) =>
  runLoad({ url, connections, duration: SECONDS, pipelining: 1, workers: 1 });

const database = await freshDatabase('wbn_bench_community');
const dbUrl = database.url;
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: dbUrl,
  RATE_LIMIT: 'off',
  LOG_LEVEL: 'silent',
  DATA_DIR: process.env.DATA_DIR ?? '.data',
});
const runtime = await createRuntime({ config, logger: createLogger({ level: 'silent' }) }); // migrates
const client = new pg.Client({ connectionString: dbUrl });
await client.connect();
const { categoryId, bigPostId } = await seed(client);

print('\n## Query plans (EXPLAIN ANALYZE, warm cache)');
for (const [label, text, params] of [
  ['post list, page 1', SQL.page, [categoryId, 20, 0]],
  ['post list, page 1000', SQL.page, [categoryId, 20, 19_980]],
  ['post detail replies (500-reply post)', SQL.replies, [bigPostId, 101]],
  ['post detail reply_count', SQL.replyCount, [bigPostId]],
] as const) {
  await client.query(text, [...params]); // warm the cache: the benchmark measures the warm path too
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, [...params]);
  print(`\n-- ${label}`);
  for (const row of plan.rows) print(row['QUERY PLAN']);
}

const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
const api = await buildServer(runtime);
await api.listen({ host: '127.0.0.1', port: 0 });
const bare = await baselineServer(pool);
const apiBase = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

const cases = [
  {
    name: 'posts page 1',
    path: `/api/community/category/${categoryId}/posts?page=1&limit=20`,
    sql: () => listPostsSql(client, categoryId, 1),
  },
  {
    name: 'posts page 1000',
    path: `/api/community/category/${categoryId}/posts?page=1000&limit=20`,
    sql: () => listPostsSql(client, categoryId, 1000),
  },
  {
    name: 'post, 500 replies (100 shown)',
    path: `/api/community/post/${bigPostId}?replies_limit=100`,
    sql: () => postSql(client, bigPostId, 100),
  },
];

// Sanity: both servers answer the same page.
for (const c of cases) {
  type Page = { posts?: { id: string }[]; replies?: { id: string }[] };
  const [a, b] = await Promise.all([
    fetch(apiBase + c.path).then((r) => r.json() as Promise<Page>),
    fetch(bareBase + c.path).then((r) => r.json() as Promise<Page>),
  ]);
  const ids = (x: Page) => JSON.stringify((x.posts ?? x.replies ?? []).map((p) => p.id));
  if (ids(a) !== ids(b)) throw new Error(`${c.name}: API and baseline disagree`);
}

print(`\n## Results (${ROUNDS} rounds × ${SECONDS} s each; min/median/max over rounds)`);
print(
  '| case | SQL only p50 ms | baseline p50 ms (1 conn) | API p50 ms (1 conn) | API/baseline p50 | baseline req/s (10 conn) | API req/s (10 conn) | API/baseline req/s | API p99 ms (10 conn) |',
);
print('|---|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const r = {
    sql: [] as number[],
    bareP50: [] as number[],
    apiP50: [] as number[],
    bareRps: [] as number[],
    apiRps: [] as number[],
    apiP99: [] as number[],
    bareP99: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    r.sql.push((await sqlOnly(c.sql)).p50);
    const b1 = await cannon(bareBase + c.path, 1);
    const a1 = await cannon(apiBase + c.path, 1);
    const b10 = await cannon(bareBase + c.path, 10);
    const a10 = await cannon(apiBase + c.path, 10);
    r.bareP50.push(b1.p50);
    r.apiP50.push(a1.p50);
    r.bareRps.push(b10.rps);
    r.apiRps.push(a10.rps);
    r.apiP99.push(a10.p99);
    r.bareP99.push(b10.p99);
  }
  print(
    `| ${c.name} | ${minMedianMax(r.sql)} | ${minMedianMax(r.bareP50, 0)} | ${minMedianMax(r.apiP50, 0)} | ${(median(r.apiP50) / Math.max(median(r.bareP50), 1)).toFixed(2)} | ${minMedianMax(r.bareRps, 0)} | ${minMedianMax(r.apiRps, 0)} | ${(median(r.apiRps) / median(r.bareRps)).toFixed(2)} | ${minMedianMax(r.apiP99, 0)} (baseline ${median(r.bareP99)}) |`,
  );
}

await api.close();
await bare.close();
await pool.end();
await client.end();
await runtime.close();
await database.drop();
