// The terminal table: per scenario, one row per figure, a column per target, our figure / baseline's.
import type { TargetKind } from './deployment.js';
import type { ScenarioName, ScenarioResult, TargetResult } from './run.js';
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

export function table(results: Partial<Record<ScenarioName, ScenarioResult>>): string {
  const out: string[] = [];
  for (const [name, result] of Object.entries(results) as [ScenarioName, ScenarioResult][]) {
    const targets = Object.entries(result.targets) as [TargetKind, TargetResult][];
    const nodes = targets[0]?.[1].nodes ?? 1;
    const columns: Column[] = [];
    // In the order they ran; each of ours with its ratio to the baseline, the cluster also to one Redis.
    for (const [kind, target] of targets) {
      columns.push({ name: kind, values: target.metrics ?? {} });
      if (kind !== 'baseline' && result.targets.baseline) {
        columns.push({ name: 'x base', values: result.ratios[kind] ?? {} });
      }
      if (kind === 'cluster' && result.vsRedis) columns.push({ name: 'x redis', values: result.vsRedis });
    }
    if (result.vsSingleNode) columns.push({ name: 'x 1 node', values: result.vsSingleNode });
    const events = name === 'events3' ? '  (3 events)' : '';
    out.push(block(`${name}  N=${result.n}${nodes > 1 ? `  (${nodes} nodes each)` : ''}${events}`, columns));
    for (const [kind, target] of targets) {
      if (target.error !== undefined) out.push(`  ${kind} FAILED: ${target.error.split('\n')[0] ?? ''}`);
    }
  }
  return out.join('\n');
}
