// The terminal table: per scenario, one row per figure, a column per target, our figure / baseline's.
import type { ScenarioName, ScenarioResult, Store } from './run.js';
import type { Metrics } from './scenario.js';

const W_NAME = 30;
const W_COL = 12;

export interface Column {
  name: string;
  values: Metrics;
}

function cell(value: number | boolean | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

const pad = (text: string, width: number): string => (text.length >= width ? `${text} ` : text.padEnd(width));

/** A titled block: one row per figure (in the order first seen), one column each. */
export function block(title: string, columns: Column[]): string {
  const lines = ['', title, pad('', W_NAME) + columns.map((c) => pad(c.name, W_COL)).join('')];
  const keys: string[] = [];
  for (const c of columns) for (const key of Object.keys(c.values)) if (!keys.includes(key)) keys.push(key);
  for (const key of keys) {
    lines.push((pad(`  ${key}`, W_NAME) + columns.map((c) => pad(cell(c.values[key]), W_COL)).join('')).trimEnd());
  }
  return lines.join('\n');
}

export function table(results: Partial<Record<ScenarioName, ScenarioResult>>, stores: Store[]): string {
  const out: string[] = [];
  for (const [name, result] of Object.entries(results) as [ScenarioName, ScenarioResult][]) {
    const nodes = result.targets.baseline?.nodes ?? 1;
    const columns: Column[] = [];
    for (const kind of ['baseline', ...stores] as const) {
      const target = result.targets[kind];
      if (!target) continue;
      columns.push({ name: kind, values: target.metrics ?? {} });
      if (kind !== 'baseline') columns.push({ name: 'x base', values: result.ratios[kind] ?? {} });
    }
    if (result.vsSingleNode) columns.push({ name: 'x 1 node', values: result.vsSingleNode });
    out.push(block(`${name}  N=${result.n}${nodes > 1 ? `  (${nodes} nodes each)` : ''}`, columns));
    for (const kind of ['baseline', ...stores] as const) {
      const error = result.targets[kind]?.error;
      if (error !== undefined) out.push(`  ${kind} FAILED: ${error.split('\n')[0] ?? ''}`);
    }
  }
  return out.join('\n');
}
