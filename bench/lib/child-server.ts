import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts a server script in its own process (so it competes with neither the load generator nor the
 * other server for an event loop) and resolves once it prints "LISTENING <url>".
 */
export function startChildServer(
  script: URL | string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  execArgv: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(script, args, {
    env,
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${String(script)} exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /LISTENING (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve({ url: match[1], child });
    });
  });
}

const CPU_REQUEST = 'bench:cpu-usage';

/**
 * For a child server: answers the parent's CPU-time requests over the IPC channel. CPU time the
 * server spends per request is far less sensitive to other load on the machine than requests/s.
 */
export function answerCpuUsage(): void {
  process.on('message', (message) => {
    if (message === CPU_REQUEST) process.send?.({ cpuMicros: cpuMicros() });
  });
  // The IPC channel must not keep a server alive on its own, and a server whose benchmark died
  // (the channel closed) must not linger holding a port and the database.
  process.channel?.unref();
  process.once('disconnect', () => process.exit(0));
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The child's process CPU time (user + system) in microseconds. */
export function childCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'cpuMicros' in message) {
        child.off('message', onMessage);
        resolve(Number((message as { cpuMicros: number }).cpuMicros));
      }
    };
    child.on('message', onMessage);
    if (!child.send(CPU_REQUEST)) reject(new Error('child server has no IPC channel'));
  });
}
