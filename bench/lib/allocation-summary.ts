/**
 * Summarises a V8 sampling heap profile (bench/lib/allocation-profile.ts): the bytes allocated by
 * each function itself and with everything it calls, as shares of all sampled bytes.
 *
 *   node bench/lib/allocation-summary.ts <file.heapprofile> [top functions, default 40] [function name]
 *
 * With a function name, also prints the call paths that allocate under it, heaviest first.
 */
import { readFileSync } from 'node:fs';

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

const [file, topArg = '40', focus] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/lib/allocation-summary.ts <file.heapprofile> [top] [function]\n');
  process.exit(2);
}
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: AllocationNode };

const nameOf = ({ callFrame }: AllocationNode) =>
  `${callFrame.functionName || '(anonymous)'} ${callFrame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*\/(apps|packages)\//, '$1/')}:${callFrame.lineNumber + 1}`;
const bytesUnder = (node: AllocationNode): number =>
  node.children.reduce((sum, child) => sum + bytesUnder(child), node.selfSize);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const focusPaths = new Map<string, number>();
function walk(node: AllocationNode, stack: string[]): void {
  const name = nameOf(node);
  self.set(name, (self.get(name) ?? 0) + node.selfSize);
  // A recursive function counts once per path.
  if (!stack.includes(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + bytesUnder(node));
  const path = [...stack, name];
  if (focus && name.startsWith(focus)) {
    const key = path.slice(-8).reverse().join('\n      <- ');
    focusPaths.set(key, (focusPaths.get(key) ?? 0) + bytesUnder(node));
  }
  for (const child of node.children) walk(child, path);
}
walk(head, []);

const total = bytesUnder(head);
const print = (line: string) => process.stdout.write(`${line}\n`);
const share = (bytes: number) =>
  `${((100 * bytes) / total).toFixed(1).padStart(5)} % ${(bytes / 1e6).toFixed(1).padStart(8)} MB`;
const ranked = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

print(`${(total / 1e6).toFixed(1)} MB sampled\n\nallocated by the function itself:`);
for (const [name, bytes] of ranked(self, Number(topArg))) print(`${share(bytes)}  ${name}`);
print('\nallocated by the function and what it calls:');
for (const [name, bytes] of ranked(inclusive, Number(topArg))) print(`${share(bytes)}  ${name}`);
if (focus) {
  print(`\nwhere ${focus} allocates:`);
  for (const [path, bytes] of ranked(focusPaths, 8)) print(`${share(bytes)}\n      ${path}`);
}
