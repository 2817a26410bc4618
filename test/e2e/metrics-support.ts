// Reading GET /metrics as Prometheus would: samples by name and labels, and deltas between scrapes.
import { http } from '../support/app.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([A-Za-z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a text exposition (comments skipped); throws on a line that is not one. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL)) labels[key] = raw.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export class Scrape {
  constructor(
    readonly contentType: string,
    readonly samples: Sample[],
  ) {}

  /** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, s) => sum + s.value, 0);
  }

  matching(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await http(url, 'GET', '/metrics');
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status} ${res.text}`);
  return new Scrape(res.headers.get('content-type') ?? '', parseMetrics(res.text));
}

/** How much each series named `name` moved between two scrapes, keyed by the values of `by`. */
export function deltas(before: Scrape, after: Scrape, name: string, by: string[]): Record<string, number> {
  const key = (s: Sample): string => by.map((label) => s.labels[label]).join(' ');
  const out: Record<string, number> = {};
  for (const s of after.matching(name)) {
    const moved = s.value - before.value(name, Object.fromEntries(by.map((label) => [label, s.labels[label]])));
    if (moved !== 0) out[key(s)] = moved;
  }
  return out;
}
