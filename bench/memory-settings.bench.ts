/**
 * What the memory settings of `pnpm start` cost in throughput, measured in one run: two API
 * processes on one database, one started like `node` alone and one with the settings the start
 * scripts use (package.json), loaded in turn (never at once: they would fight for the 2 cores) with
 * the 50-connection tracking load, BENCH_ROUNDS rounds of BENCH_SECONDS each. Prints requests per
 * second per round and the peak RSS of each.
 *
 *   pnpm bench memory-settings        (BENCH_ROUNDS=4 BENCH_SECONDS=15)
 *   BENCH_NODE_FLAGS="--max-semi-space-size=8" pnpm bench memory-settings   (other flags to compare)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import { startChildServer } from './lib/child-server.ts';
import { freshDatabase } from './lib/database.ts';
import { runLoad } from './lib/load.ts';
import { median, print } from './lib/stats.ts';

/** The settings of the `start` scripts in package.json and apps/api/package.json. */
const TUNED = {
  execArgv: process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [
    '--expose-gc',
    '--max-semi-space-size=8',
    '--heap-growing-percent=50',
  ],
  env: { MALLOC_ARENA_MAX: '2' },
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 50;

const database = await freshDatabase('wbn_bench_memory_settings');
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: database.url,
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wbn-bench-')),
  LOG_LEVEL: 'silent',
});
await (await createRuntime({ config, logger: createLogger({ level: 'silent' }) })).close();
const script = new URL('./tracking-servers.ts', import.meta.url);
const env = { ...process.env, BENCH_DATA_DIR: config.dataDir, METRICS_PORT: 'off' };
const servers = {
  defaults: await startChildServer(script, ['ours', database.url], env, []),
  tuned: await startChildServer(script, ['ours', database.url], { ...env, ...TUNED.env }, TUNED.execArgv),
};

const signup = await fetch(`${servers.defaults.url}/api/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'memory_settings', password: 'correct horse battery staple 42' }),
});
const { token } = (await signup.json()) as { token: string };
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const body = JSON.stringify({
  anxiety_level: 5,
  triggers: ['work', 'sleep'],
  timestamp: '2026-01-01T10:00:00Z',
});

const peakRss = { defaults: 0, tuned: 0 };
const rss = (pid: number | undefined) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Both halves of the tracking load at once; their requests per second added up. */
async function load(url: string): Promise<number> {
  const results = await Promise.all([
    runLoad({
      url: `${url}/api/checkin`,
      method: 'POST',
      body,
      headers,
      connections: CONNECTIONS / 2,
      duration: SECONDS,
    }),
    runLoad({
      url: `${url}/api/checkin/history?limit=20`,
      headers,
      connections: CONNECTIONS / 2,
      duration: SECONDS,
    }),
  ]);
  return results.reduce((sum, r) => sum + r.rps, 0);
}

print(
  `\nMemory settings (${TUNED.execArgv.join(' ')}, MALLOC_ARENA_MAX=${TUNED.env.MALLOC_ARENA_MAX}): ${ROUNDS} rounds of ${SECONDS} s each; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
print('| round | defaults req/s | tuned req/s |');
print('|---|---|---|');
const rps = { defaults: [] as number[], tuned: [] as number[] };
for (let round = 1; round <= ROUNDS; round++) {
  // Alternate who goes first, so neither always gets the machine after a quiet spell.
  const order = round % 2 ? (['defaults', 'tuned'] as const) : (['tuned', 'defaults'] as const);
  for (const name of order) rps[name].push(await load(servers[name].url));
  print(`| ${round} | ${rps.defaults.at(-1)?.toFixed(0)} | ${rps.tuned.at(-1)?.toFixed(0)} |`);
}
for (const name of ['defaults', 'tuned'] as const) peakRss[name] = rss(servers[name].child.pid);
const change = (median(rps.tuned) / median(rps.defaults) - 1) * 100;
print(
  `| median | ${median(rps.defaults).toFixed(0)} | ${median(rps.tuned).toFixed(0)} (${change.toFixed(1)} %) |`,
);
print(`| peak RSS MB | ${peakRss.defaults.toFixed(0)} | ${peakRss.tuned.toFixed(0)} |`);
print(
  `load average after: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
for (const server of Object.values(servers)) {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}
await database.drop();
