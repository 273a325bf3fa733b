import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { childCpuMicros } from './child-server.ts';
import { postgresCpu, postgresCpuMicrosSince } from './database-cpu.ts';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time (user + system) per answered request, when the server process was given. */
  cpuMicrosPerRequest?: number;
  /** CPU time of the machine's PostgreSQL processes per answered request, where /proc tells it. */
  databaseCpuMicrosPerRequest?: number;
}

/**
 * One autocannon run on loopback. The first seconds of a fresh process run unoptimised code, so
 * callers warm up (`warmUpSeconds`) before the measured run. Any non-2xx or socket error fails the
 * run: a fast error page must never pass for throughput. With `server` (a child started by
 * startChildServer), the server's CPU time over the run is divided by the requests it answered.
 */
export async function runLoad(
  options: autocannon.Options & { warmUpSeconds?: number; server?: ChildProcess },
): Promise<LoadResult> {
  const { warmUpSeconds = 0, server, ...run } = options;
  if (warmUpSeconds > 0) await autocannon({ ...run, duration: warmUpSeconds });
  const cpuBefore = server ? await childCpuMicros(server) : 0;
  const databaseBefore = postgresCpu();
  const result = await autocannon(run);
  const databaseMicros = databaseBefore && postgresCpuMicrosSince(databaseBefore);
  const cpuAfter = server ? await childCpuMicros(server) : 0;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${String(run.url)}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  const answered = result['2xx'];
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ...(server && answered > 0 ? { cpuMicrosPerRequest: (cpuAfter - cpuBefore) / answered } : {}),
    ...(databaseMicros !== undefined && answered > 0
      ? { databaseCpuMicrosPerRequest: databaseMicros / answered }
      : {}),
  };
}
