import { loadConfig } from '@wbn/core/config';
import { AppError } from '@wbn/core/errors';
import { createLogger } from '@wbn/core/logger';
import { createRuntime } from '@wbn/core/runtime';
import type { AdminCommand } from './admin/command.ts';
import { UsageError } from './admin/command.ts';
import { communityCommand } from './admin/community.command.ts';
import { contentCommand } from './admin/content.command.ts';
import { dbCommand } from './admin/db.command.ts';
import { keysCommand } from './admin/keys.command.ts';
import { notifyCommand } from './admin/notify.command.ts';
import { userCommand } from './admin/user.command.ts';

/** The operators' command line: `pnpm admin <group> <action> [args]`. One file per group in admin/. */
const COMMANDS: AdminCommand[] = [
  dbCommand,
  userCommand,
  contentCommand,
  communityCommand,
  keysCommand,
  notifyCommand,
];

const print = (line: string) => process.stdout.write(`${line}\n`);

function usage(): string {
  return [
    'usage: pnpm admin <command>',
    ...COMMANDS.flatMap((c) => c.usage.map((u) => `  pnpm admin ${u}`)),
  ].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  process.stderr.write(`${usage()}\n`);
  process.exit(name ? 2 : 0);
}

const config = loadConfig();
const runtime = await createRuntime({ config, logger: createLogger({ level: 'warn', name: 'admin' }) });
try {
  await command.run(args, runtime, print);
} catch (error) {
  process.exitCode = 1;
  if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n${usage()}\n`);
  else if (error instanceof AppError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
} finally {
  await runtime.close();
}
