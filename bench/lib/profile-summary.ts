/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by package (or "node:" internals,
 * "(gc)", "(program)", "(idle)") and the top functions by self time, as percentages of the samples.
 *
 *   node bench/lib/profile-summary.ts <file.cpuprofile> [top functions, default 40] [function name]
 *
 * With a function name, also prints that function's inclusive time (itself and everything it
 * calls) and who calls it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/lib/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

/** "fastify", "@trpc/server", "node:internal", "apps/api", … from a frame's URL. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0] === 'node:internal' ? 'node:internal' : url;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope = '', name = ''] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

const selfByNode = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  selfByNode.set(id, (selfByNode.get(id) ?? 0) + delta);
  total += delta;
});
const busy =
  total -
  [...selfByNode]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((sum, [, t]) => sum + t, 0);

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, time] of selfByNode) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const pkg = packageOf(frame.url, frame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
  const where = frame.url
    ? `${frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(apps|packages)\//, '$1/')}:${frame.lineNumber + 1}`
    : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
}

const pct = (time: number) => `${((100 * time) / busy).toFixed(1).padStart(5)} %`;
const print = (line: string) => process.stdout.write(`${line}\n`);
print(
  `${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle; shares of the non-idle time\n`,
);
print('self time by package:');
const ranked = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
for (const [pkg, time] of ranked(byPackage, 25)) if (pkg !== '(idle)') print(`${pct(time)}  ${pkg}`);
print('\nself time by function:');
for (const [name, time] of ranked(byFunction, Number(topArg ?? 40)))
  if (!name.startsWith('(idle)')) print(`${pct(time)}  ${name}`);

const focus = process.argv[4];
if (focus) {
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const inclusive = (node: ProfileNode): number =>
    (selfByNode.get(node.id) ?? 0) +
    (node.children ?? []).reduce((sum, id) => sum + inclusive(byId.get(id) as ProfileNode), 0);
  const callers = new Map<string, number>();
  const callees = new Map<string, number>();
  let focusTotal = 0;
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== focus) continue;
    // Count a recursive call once, at its outermost frame.
    let up = parentOf.get(node.id);
    let nested = false;
    for (; up; up = parentOf.get(up.id)) if (up.callFrame.functionName === focus) nested = true;
    if (nested) continue;
    const time = inclusive(node);
    focusTotal += time;
    const caller = parentOf.get(node.id)?.callFrame;
    const key = `${caller?.functionName || '(anonymous)'} ${caller?.url.split('/').slice(-2).join('/')}:${(caller?.lineNumber ?? 0) + 1}`;
    callers.set(key, (callers.get(key) ?? 0) + time);
    for (const id of node.children ?? []) {
      const child = byId.get(id) as ProfileNode;
      const ckey = `${child.callFrame.functionName || '(anonymous)'} ${child.callFrame.url.split('/').slice(-2).join('/')}:${child.callFrame.lineNumber + 1}`;
      callees.set(ckey, (callees.get(ckey) ?? 0) + inclusive(child));
    }
  }
  print(`\n${focus}: ${pct(focusTotal)} inclusive; called from:`);
  for (const [name, time] of ranked(callers, 15)) print(`${pct(time)}  ${name}`);
  print('calls (inclusive):');
  for (const [name, time] of ranked(callees, 25)) print(`${pct(time)}  ${name}`);
}
