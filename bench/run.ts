/** `pnpm bench <name>`: runs bench/<name>.bench.ts. */
const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: pnpm bench <name>   (e.g. notify)\n');
  process.exit(2);
}
await import(new URL(`./${name}.bench.ts`, import.meta.url).href);
