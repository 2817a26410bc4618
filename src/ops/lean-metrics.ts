import type { Metric, Registry } from 'prom-client';

/*
 * A counter and a histogram for the hot path, exposed as prom-client exposes its own (same names,
 * labels, buckets and text). prom-client converts, validates and hashes the labels on every inc and
 * observe, even on a labelled child: about 6 µs a vote in a burst's profile. Here a series is an
 * object made once per label set; recording is an add, and the exposition is built at scrape time.
 */

type Labels = Record<string, string>;
interface Value {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  /** Printed after `labels` and the registry's default labels, as prom-client prints a histogram's. */
  sharedLabels?: Labels;
}

/** What prom-client's registry reads of a metric (its `Metric` type is a union of its own classes). */
abstract class LeanMetric<S> {
  readonly aggregator = 'sum';
  protected readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly labelNames: readonly string[],
    registers: Registry[],
  ) {
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values (in labelNames' order), made on first use. */
  protected of(values: readonly string[], fresh: () => S): S {
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i] ?? '']));
      this.series.set(key, (entry = { labels, state: fresh() }));
    }
    return entry.state;
  }

  protected abstract values(): Value[];
  /** Series stay (their holders keep them): a reset zeroes them in place. */
  protected abstract zero(state: S): void;

  /** What the registry prints from. */
  getForPromString(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Value[] }> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.values(),
    });
  }

  /** The JSON form: shared labels merged into each value's own, as prom-client's get() gives them. */
  async get(): ReturnType<LeanMetric<S>['getForPromString']> {
    const metric = await this.getForPromString();
    const values = metric.values.map(({ sharedLabels, labels, ...value }) => ({
      ...value,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...metric, values };
  }

  reset(): void {
    for (const { state } of this.series.values()) this.zero(state);
  }
}

export interface CounterSeries {
  value: number;
}

export class LeanCounter extends LeanMetric<CounterSeries> {
  constructor(name: string, help: string, labelNames: readonly string[], registers: Registry[]) {
    super(name, help, 'counter', labelNames, registers);
  }

  /** Keep it: `series.value++` is the whole cost of counting. */
  labels(...values: string[]): CounterSeries {
    return this.of(values, () => ({ value: 0 }));
  }

  protected zero(state: CounterSeries): void {
    state.value = 0;
  }

  protected values(): Value[] {
    return [...this.series.values()].map(({ labels, state }) => ({ labels: { ...labels }, value: state.value }));
  }
}

export class HistogramSeries {
  /** Per bucket, not cumulative; the last one is +Inf. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

export class LeanHistogram extends LeanMetric<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
    registers: Registry[],
  ) {
    super(name, help, 'histogram', labelNames, registers);
  }

  labels(...values: string[]): HistogramSeries {
    return this.of(values, () => new HistogramSeries(this.bounds));
  }

  protected zero(state: HistogramSeries): void {
    state.counts.fill(0);
    state.sum = 0;
    state.count = 0;
  }

  protected values(): Value[] {
    const out: Value[] = [];
    for (const { labels, state } of this.series.values()) {
      let total = 0;
      const bucket = (le: number | string, count: number): Value => ({
        labels: { le },
        value: (total += count),
        metricName: `${this.name}_bucket`,
        sharedLabels: labels,
      });
      this.bounds.forEach((le, i) => out.push(bucket(le, state.counts[i])));
      out.push(bucket('+Inf', state.counts[this.bounds.length]));
      out.push({ labels: {}, value: state.sum, metricName: `${this.name}_sum`, sharedLabels: labels });
      out.push({ labels: {}, value: state.count, metricName: `${this.name}_count`, sharedLabels: labels });
    }
    return out;
  }
}
