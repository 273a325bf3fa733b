import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
}

/**
 * One autocannon run on loopback. The first seconds of a fresh process run unoptimised code, so
 * callers warm up (`warmUpSeconds`) before the measured run. Any non-2xx or socket error fails the
 * run: a fast error page must never pass for throughput.
 */
export async function runLoad(options: autocannon.Options & { warmUpSeconds?: number }): Promise<LoadResult> {
  const { warmUpSeconds = 0, ...run } = options;
  if (warmUpSeconds > 0) await autocannon({ ...run, duration: warmUpSeconds });
  const result = await autocannon(run);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${String(run.url)}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}
