// What costs, from the files the harness writes:
//   node dist-bench/profile-summary.js FILE.cpuprofile [--top 25]
//     CPU: self and inclusive time per function and per package (share of the non-idle time);
//     --window FROM-TO keeps the samples between two monotonic times in µs (the scenarios log them)
//   node dist-bench/profile-summary.js BEFORE.heapsnapshot AFTER.heapsnapshot [--per N] [--top 25]
//     memory: what the heap gained between the two snapshots, per constructor (divided by N)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, our dist/<feature>, node internals, or V8's own entries. */
export function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/([^/]+)\//.exec(url);
  if (ours) return `dist/${ours[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  return url;
}

function rows(map: Map<string, number>, total: number, top: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([k, us]) => `${((100 * us) / total).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}

function cpu(file: string, top: number, window: [number, number] | null): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfFn = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const inclArea = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  const add = (m: Map<string, number>, k: string, us: number): void => void m.set(k, (m.get(k) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (window && (at < window[0] || at > window[1])) return;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += us;
    const key = (n: ProfileNode): string => {
      const f = n.callFrame;
      const where = f.url === '' ? '' : ` ${f.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}`;
      return `${f.functionName || '(anonymous)'}${where}`;
    };
    add(selfFn, key(node), us);
    add(selfArea, areaOf(node.callFrame.url, node.callFrame.functionName), us);
    const fns = new Set<string>();
    const areas = new Set<string>();
    for (let up: number | undefined = id, depth = 0; up !== undefined && depth < 500; depth++) {
      const n = byId.get(up);
      if (!n) break;
      fns.add(key(n));
      areas.add(areaOf(n.callFrame.url, n.callFrame.functionName));
      up = parent.get(up);
    }
    for (const k of fns) add(inclFn, k, us);
    for (const k of areas) add(inclArea, k, us);
  });
  return [
    `${file}: ${(busy / 1000).toFixed(0)} ms of CPU (not idle)`,
    '',
    'self time by package or area',
    ...rows(selfArea, busy, top),
    '',
    'inclusive time by package or area (time with it on the stack)',
    ...rows(inclArea, busy, top),
    '',
    'self time by function',
    ...rows(selfFn, busy, top),
    '',
    'inclusive time by function',
    ...rows(inclFn, busy, top),
  ].join('\n');
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per `type:name` (name is the constructor for objects). */
function heapTotals(file: string): Map<string, { size: number; count: number }> {
  const h = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = h.snapshot.meta.node_fields;
  const types = h.snapshot.meta.node_types[0];
  const [fType, fName, fSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < h.nodes.length; i += fields.length) {
    const type = types[h.nodes[i + fType]] ?? '?';
    const raw = h.strings[h.nodes[i + fName]] ?? '';
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : raw.slice(0, 60);
    const key = `${type}:${name}`;
    const entry = out.get(key) ?? { size: 0, count: 0 };
    entry.size += h.nodes[i + fSize];
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

function heapDiff(before: string, after: string, per: number, top: number): string {
  const a = heapTotals(before);
  const b = heapTotals(after);
  const diff: { key: string; size: number; count: number }[] = [];
  let total = 0;
  for (const [key, v] of b) {
    const old = a.get(key) ?? { size: 0, count: 0 };
    const size = v.size - old.size;
    total += size;
    diff.push({ key, size, count: v.count - old.count });
  }
  diff.sort((x, y) => y.size - x.size);
  return [
    `heap gained ${(total / 1024 / per).toFixed(2)} KB per unit (N=${per}), by type:constructor`,
    '   bytes/unit  objects/unit  what',
    ...diff
      .slice(0, top)
      .map(
        (d) =>
          `${(d.size / per).toFixed(0).padStart(12)}  ${(d.count / per).toFixed(2).padStart(12)}  ${d.key || '(unnamed)'}`,
      ),
  ].join('\n');
}

const { values, positionals } = parseArgs({
  options: {
    top: { type: 'string', default: '25' },
    per: { type: 'string', default: '1' },
    window: { type: 'string' },
  },
  allowPositionals: true,
});
const top = Number(values.top);
const window = values.window ? (values.window.split('-').map(Number) as [number, number]) : null;
const [first, second] = positionals;
if (first?.endsWith('.cpuprofile')) process.stdout.write(`${cpu(first, top, window)}\n`);
else if (first?.endsWith('.heapsnapshot') && second !== undefined) {
  process.stdout.write(`${heapDiff(first, second, Number(values.per), top)}\n`);
} else {
  process.stdout.write('usage: profile-summary FILE.cpuprofile | BEFORE.heapsnapshot AFTER.heapsnapshot --per N\n');
}
