/** `pnpm bench <name>` runs bench/<name>.bench.ts; without a name, lists them. */
import { readdirSync } from 'node:fs';

const names = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: pnpm bench <${names.join('|')}> [args]\n`);
  process.exit(name ? 2 : 0);
}
process.argv = [process.argv[0] ?? 'node', `${name}.bench.ts`, ...rest];
await import(`./${name}.bench.ts`);
