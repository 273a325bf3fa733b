/**
 * Memory soak: the real API in its own process under the 50-connection tracking load (POST
 * /api/checkin and GET /api/checkin/history?limit=20, alternating connections) for SOAK_SECONDS
 * (default 180), then idle for SOAK_IDLE_SECONDS (default 60); prints RSS and heap every 10 s.
 * Variables for the server process pass through, so allocator settings can be compared:
 *
 *   pnpm bench soak
 *   MALLOC_ARENA_MAX=8 pnpm bench soak        (glibc's default on 2 cores: 8 arenas per core)
 *   SOAK_NODE_FLAGS="--max-semi-space-size=2" pnpm bench soak   (V8 flags for the server process,
 *                                             including those NODE_OPTIONS refuses)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import autocannon from 'autocannon';
import { startChildServer } from './lib/child-server.ts';
import { freshDatabase } from './lib/database.ts';
import { print } from './lib/stats.ts';

const LOAD_SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const IDLE_SECONDS = Number(process.env.SOAK_IDLE_SECONDS ?? 60);
const NODE_FLAGS = (process.env.SOAK_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const CONNECTIONS = 50;
const MB = 1024 * 1024;

const database = await freshDatabase('wbn_bench_soak');
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: database.url,
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wbn-bench-')),
  LOG_LEVEL: 'silent',
});
// Migrates the fresh database, then steps aside for the server process.
await (await createRuntime({ config, logger: createLogger({ level: 'silent' }) })).close();
const server = await startChildServer(
  new URL('./tracking-servers.ts', import.meta.url),
  ['ours', database.url],
  {
    ...process.env,
    BENCH_DATA_DIR: config.dataDir,
    METRICS_PORT: 'off',
  },
  NODE_FLAGS,
);

const signup = await fetch(`${server.url}/api/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'soak_load', password: 'correct horse battery staple 42' }),
});
const { token } = (await signup.json()) as { token: string };

const rssMb = () => {
  const line = readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(line?.[1] ?? 0) / 1024;
};
// Anonymous memory is what the allocators hold (V8 heap, malloc arenas, buffers); the rest of RSS
// is mapped code and files.
const anonymousMb = () => {
  const line = readFileSync(`/proc/${server.child.pid}/smaps_rollup`, 'utf8').match(/Anonymous:\s+(\d+) kB/);
  return Number(line?.[1] ?? 0) / 1024;
};
const heap = () =>
  new Promise<NodeJS.MemoryUsage>((resolve) => {
    server.child.once('message', (usage) => resolve(usage as NodeJS.MemoryUsage));
    server.child.send('memory');
  });
const started = Date.now();
let phase = 'load';
const sample = async () => {
  const usage = await heap();
  print(
    `| ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s | ${phase} | ${rssMb().toFixed(0)} | ${(usage.heapUsed / MB).toFixed(0)} | ${(usage.heapTotal / MB).toFixed(0)} | ${(usage.external / MB).toFixed(0)} | ${(usage.arrayBuffers / MB).toFixed(0)} | ${anonymousMb().toFixed(0)} |`,
  );
};

print(
  `\nSoak: ${CONNECTIONS} connections for ${LOAD_SECONDS} s, then ${IDLE_SECONDS} s idle; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}; node flags: ${NODE_FLAGS.join(' ') || '(none)'}; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
print(
  '| t | phase | RSS MB | heap used MB | heap total MB | external MB | array buffers MB | anonymous MB |',
);
print('|---|---|---|---|---|---|---|---|');
await sample();
const timer = setInterval(() => void sample(), 10_000);
const body = JSON.stringify({
  anxiety_level: 5,
  triggers: ['work', 'sleep'],
  timestamp: '2026-01-01T10:00:00Z',
});
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const results = await Promise.all([
  autocannon({
    url: `${server.url}/api/checkin`,
    method: 'POST',
    body,
    headers,
    connections: CONNECTIONS / 2,
    duration: LOAD_SECONDS,
  }),
  autocannon({
    url: `${server.url}/api/checkin/history?limit=20`,
    headers,
    connections: CONNECTIONS / 2,
    duration: LOAD_SECONDS,
  }),
]);
phase = 'idle';
print(
  `| load done | ${results.map((r) => `${r.requests.average.toFixed(0)} req/s, ${r.non2xx} non-2xx`).join('; ')} | | | | |`,
);
await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
clearInterval(timer);
await sample();
server.child.kill('SIGTERM');
await new Promise((resolve) => server.child.once('exit', resolve));
await database.drop();
