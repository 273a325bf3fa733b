import { readdirSync, readFileSync } from 'node:fs';

/** /proc reports CPU times in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
const MICROS_PER_TICK = 10_000;

/** CPU ticks so far of each PostgreSQL process, by pid. */
export type PostgresCpu = Map<string, number>;

/**
 * The CPU time of every PostgreSQL process on this machine, read from /proc: the database's share of
 * a request, which the server's own CPU time leaves out (a statement parsed and planned afresh each
 * time costs the database, not the server). Undefined where /proc is not readable (not Linux).
 */
export function postgresCpu(): PostgresCpu | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const ticks: PostgresCpu = new Map();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after the last ')'.
    const close = stat.lastIndexOf(')');
    if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
    const fields = stat.slice(close + 2).split(' ');
    ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14 and 15 of stat)
  }
  return ticks;
}

/**
 * PostgreSQL CPU time (µs) spent since `before`: what each process still running added, plus all of
 * any process started since. A backend that exited in between (a pool closing an idle connection)
 * takes its time with it, so a reading is a lower bound; the benchmarks keep their pools busy.
 */
export function postgresCpuMicrosSince(before: PostgresCpu): number | undefined {
  const now = postgresCpu();
  if (!now) return undefined;
  let ticks = 0;
  for (const [pid, total] of now) ticks += total - (before.get(pid) ?? 0);
  return ticks * MICROS_PER_TICK;
}
