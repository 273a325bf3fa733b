/** `pnpm bench [name]` runs bench/<name>.bench.ts (default: every bench in this folder). */
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const wanted = process.argv[2];
const names = wanted
  ? [wanted]
  : readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace(/\.bench\.ts$/, ''));
for (const name of names) {
  process.stdout.write(`\n### bench: ${name}\n`);
  await import(path.join(dir, `${name}.bench.ts`));
}
