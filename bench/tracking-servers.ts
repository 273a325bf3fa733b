/**
 * The two servers of bench/tracking.bench.ts, each in its own process so neither competes with the
 * other or with autocannon for an event loop: `ours` (the real API) or `bare` (Fastify + pg running the
 * same statements, unnamed, with no auth and no validation; it lets pg parse the history's timestamp and
 * triggers, which ours reads as text and json). Prints "LISTENING <url>" and serves until SIGTERM.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildServer } from '@wbn/api/server';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { sampleAllocations } from './lib/allocation-profile.ts';
import { answerCpuUsage } from './lib/child-server.ts';

const [mode = 'ours', databaseUrl = ''] = process.argv.slice(2);
sampleAllocations(mode);
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: databaseUrl,
  DATA_DIR: process.env.BENCH_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'wbn-bench-')),
  LOG_LEVEL: 'silent',
  RATE_LIMIT: 'off',
  MIGRATE_ON_START: 'false',
});

let app: FastifyInstance;
let close: () => Promise<void>;
if (mode === 'ours') {
  const runtime = await createRuntime({ config, logger: createLogger({ level: 'silent' }) });
  app = await buildServer(runtime);
  close = async () => {
    await app.close();
    await runtime.close();
  };
} else {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: config.database.poolMax });
  app = Fastify({ logger: false });
  app.post('/checkin', async (request) => {
    const body = request.body as { anxiety_level: number; triggers: string[]; timestamp: string };
    const { rows } = await pool.query(
      'INSERT INTO checkins (user_id, "timestamp", anxiety_level, triggers) VALUES ($1, $2, $3, $4) RETURNING id, user_id, "timestamp", anxiety_level, triggers',
      [request.headers['x-user'], body.timestamp, body.anxiety_level, body.triggers],
    );
    return rows[0];
  });
  app.get('/history', async (request) => {
    const { rows } = await pool.query(
      'SELECT id, anxiety_level, triggers, "timestamp" FROM checkins WHERE user_id = $1 ORDER BY "timestamp" DESC, id DESC LIMIT 20',
      [request.headers['x-user']],
    );
    return rows;
  });
  close = async () => {
    await app.close();
    await pool.end();
  };
}
const url = await app.listen({ host: '127.0.0.1', port: 0 });
answerCpuUsage();
process.stdout.write(`LISTENING ${url}\n`);
process.on('SIGTERM', () => void close().then(() => process.exit(0)));
// The soak benchmark asks for the heap over IPC (RSS it reads from /proc itself).
process.on('message', (message) => {
  if (message === 'memory') process.send?.(process.memoryUsage());
});
