/** `pnpm bench <name>` runs bench/<name>.bench.ts. */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('usage: pnpm bench <name>   (runs bench/<name>.bench.ts)\n');
  process.exit(2);
}
await import(`./${name}.bench.ts`);
