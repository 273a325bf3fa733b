/**
 * For a child server: with BENCH_HEAP_PROF=<dir>, samples allocations from start-up, including the
 * objects the young-generation collector frees at once (which `--heap-prof` leaves out: on a request
 * path they are most of the garbage), and writes V8's sampling heap profile to <dir>/<name>.heapprofile
 * when the process exits. `node bench/lib/allocation-summary.ts <file>` prints where the bytes went.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

export function sampleAllocations(name: string, dir = process.env.BENCH_HEAP_PROF): void {
  if (!dir) return;
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  // An in-process session answers synchronously, so the profile is written before the exit completes.
  process.once('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${name}.heapprofile`), JSON.stringify(result.profile));
    });
  });
}
