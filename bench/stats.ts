// Percentiles and small helpers for merging what the workers measured.

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Concatenates typed arrays (the workers' measurements). */
export function merge(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Nearest-rank percentiles of microsecond values, given in milliseconds. */
export function distribution(us: Float64Array): Distribution {
  const sorted = Float64Array.from(us).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const at = (q: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] / 1000;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: n, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), mean: sum / n / 1000 };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  // An even count: the mean of the two in the middle, not the lower one.
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
