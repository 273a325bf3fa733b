import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts a server script in its own process (so it competes with neither the load generator nor the
 * other server for an event loop) and resolves once it prints "LISTENING <url>".
 */
export function startChildServer(
  script: URL | string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  execArgv: string[] = process.execArgv,
): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(script, args, { env, execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${String(script)} exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /LISTENING (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve({ url: match[1], child });
    });
  });
}
