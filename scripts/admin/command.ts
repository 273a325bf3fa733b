import type { Runtime } from '@wbn/core/runtime';

/**
 * One admin command group (`pnpm admin <name> <action> ...`), one file in scripts/admin/.
 * `run` prints what it did and throws on failure; the dispatcher turns a throw into exit code 1.
 */
export interface AdminCommand {
  name: string;
  usage: string[];
  run(args: string[], runtime: Runtime, print: (line: string) => void): Promise<void>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--flag` present? Removes nothing; commands read positional arguments by index. */
export const hasFlag = (args: string[], flag: string) => args.includes(flag);

export function positional(args: string[], index: number, what: string): string {
  const value = args.filter((a) => !a.startsWith('--'))[index];
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

/** The value of `--name=value`, if given. */
export function flagValue(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length) || undefined;
}
