/**
 * GET /api/content/modules served from the content cache vs read from PostgreSQL on every request,
 * against a bare Fastify + pg baseline doing the same SQL, all in the same run.
 *
 *   pnpm bench content [--rounds 3] [--duration 5] [--connections 32]
 *
 * Each server runs in its own child process on loopback (RATE_LIMIT=off); autocannon runs here. Rounds
 * interleave the servers so machine noise hits all of them alike. Needs PostgreSQL (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres) and, for the redis row, REDIS_URL or a local Redis.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startChildServer } from './lib/child-server.ts';
import { freshDatabase } from './lib/database.ts';
import { runLoad } from './lib/load.ts';
import { median, print } from './lib/stats.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PATH = '/api/content/modules?type=tip&limit=20';
const ROOT = path.resolve(import.meta.dirname, '..');

type Mode = 'baseline' | 'uncached' | 'memory' | 'redis';
const MODES: Mode[] = ['baseline', 'uncached', 'memory', 'redis'];
/** Rows of the report: each server on the list, plus the full API stack's floor (GET /healthz, no SQL). */
type Row = Mode | 'api-healthz';
const ROWS: Row[] = [...MODES, 'api-healthz'];
const target = (row: Row): { mode: Mode; path: string } =>
  row === 'api-healthz' ? { mode: 'memory', path: '/healthz' } : { mode: row, path: PATH };

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    database: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
});

function envFor(mode: Mode, databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT: 'off',
    CONTENT_CACHE_TTL_SECONDS: mode === 'uncached' ? '0' : '300',
    ...(mode === 'redis' ? { REDIS_URL } : {}),
  };
}

/** Child: one server, listening on an ephemeral port, printed on stdout. */
async function serve(mode: Mode, databaseUrl: string): Promise<void> {
  if (mode === 'baseline') {
    const { default: Fastify } = await import('fastify');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const app = Fastify();
    app.get('/api/content/modules', async (request) => {
      const { type, limit } = request.query as { type: string; limit: string };
      const { rows } = await pool.query(
        `SELECT id, slug, title, description, type, crisis_resources, media_url IS NOT NULL AS has_audio
           FROM content_items WHERE type = $1 ORDER BY type, title, id LIMIT $2 OFFSET 0`,
        [type, Number(limit)],
      );
      return rows;
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    process.stdout.write(`LISTENING ${address}\n`);
    return;
  }
  const { loadConfig } = await import('@wbn/core/config');
  const { createLogger } = await import('@wbn/core/logger');
  const { createRuntime } = await import('@wbn/core/runtime');
  const { buildServer } = await import('@wbn/api/server');
  const config = loadConfig(process.env);
  const runtime = await createRuntime({ config, logger: createLogger({ level: 'silent' }) });
  const app = await buildServer(runtime);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`LISTENING ${address}\n`);
}

const start = (mode: Mode, databaseUrl: string, dataDir: string) =>
  startChildServer(new URL(import.meta.url), ['--serve', mode, '--database', databaseUrl], {
    ...process.env,
    ...envFor(mode, databaseUrl, dataDir),
  });

async function main(): Promise<void> {
  const rounds = Number(values.rounds);
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const database = await freshDatabase('wbn_bench_content');
  const databaseUrl = database.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wbn-bench-'));

  const { loadConfig } = await import('@wbn/core/config');
  const { createLogger } = await import('@wbn/core/logger');
  const { createRuntime } = await import('@wbn/core/runtime');
  const setup = await createRuntime({
    config: loadConfig({ ...envFor('uncached', databaseUrl, dataDir), MIGRATE_ON_START: 'true' }),
    logger: createLogger({ level: 'silent' }),
  });
  const loaded = await setup.core.contentLoader.load(path.join(ROOT, 'content'));
  await setup.close();
  process.stdout.write(
    `content: ${JSON.stringify(loaded)}; GET ${PATH}; ${connections} connections, ${duration} s x ${rounds} rounds\n`,
  );

  const servers = new Map<Mode, { child: ChildProcess; url: string }>();
  const results = new Map<Row, { rps: number; p99: number }[]>(ROWS.map((row) => [row, []]));
  try {
    for (const mode of MODES) servers.set(mode, await start(mode, databaseUrl, dataDir));
    for (const [mode, server] of servers) {
      const check = await fetch(`${server.url}${PATH}`);
      const body = (await check.json()) as unknown[];
      if (check.status !== 200 || body.length !== 20) throw new Error(`${mode}: unexpected ${check.status}`);
      await runLoad({ url: `${server.url}${PATH}`, connections, duration: 2 }); // warm-up
    }
    for (let round = 1; round <= rounds; round++) {
      for (const row of ROWS) {
        const { mode, path: urlPath } = target(row);
        const server = servers.get(mode);
        if (!server) continue;
        const result = await runLoad({ url: `${server.url}${urlPath}`, connections, duration });
        results.get(row)?.push(result);
        print(
          `round ${round} ${row.padEnd(11)} ${result.rps.toFixed(0).padStart(7)} req/s  p99 ${result.p99} ms`,
        );
      }
    }
  } finally {
    for (const server of servers.values()) server.child.kill();
    await database.drop();
  }

  const base = median(results.get('baseline')?.map((r) => r.rps) ?? []);
  const uncached = median(results.get('uncached')?.map((r) => r.rps) ?? []);
  process.stdout.write(
    '\n| server | req/s min / median / max | p99 ms (median) | vs baseline | vs uncached |\n|---|---|---|---|---|\n',
  );
  for (const mode of ROWS) {
    const rps = results.get(mode)?.map((r) => r.rps) ?? [];
    const p99 = results.get(mode)?.map((r) => r.p99) ?? [];
    const cells = [Math.min(...rps), median(rps), Math.max(...rps)].map((n) => n.toFixed(0)).join(' / ');
    process.stdout.write(
      `| ${mode} | ${cells} | ${median(p99)} | ${(median(rps) / base).toFixed(2)}x | ${(median(rps) / uncached).toFixed(2)}x |\n`,
    );
  }
}

if (values.serve) await serve(values.serve as Mode, values.database ?? '');
else await main();
