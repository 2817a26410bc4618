import { Counter, Histogram, Registry } from 'prom-client';
import { LeanCounter, LeanHistogram } from './lean-metrics.js';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED: [string, number][] = [
  ['a', 0.0005],
  ['a', 0.001], // on a bound: that bucket (le is "less or equal")
  ['b', 0.05],
  ['a', 0.5],
  ['b', 7],
  ['a', 0.0099],
];

/** The registry's lines for one metric, sorted: the lean one must print what prom-client prints. */
async function lines(registry: Registry): Promise<string[]> {
  return (await registry.metrics())
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

function registries(): [Registry, Registry] {
  const pair: [Registry, Registry] = [new Registry(), new Registry()];
  for (const r of pair) r.setDefaultLabels({ node: 'n1' });
  return pair;
}

describe('lean metrics', () => {
  it('a histogram prints what prom-client prints for the same observations', async () => {
    const [mine, theirs] = registries();
    const lean = new LeanHistogram('x_seconds', 'help text', ['command'], BOUNDS, [mine]);
    const reference = new Histogram({
      name: 'x_seconds',
      help: 'help text',
      labelNames: ['command'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    for (const [command, seconds] of OBSERVED) {
      lean.labels(command).observe(seconds);
      reference.labels(command).observe(seconds);
    }
    const printed = await lines(mine);
    expect(printed).toEqual(await lines(theirs));
    expect(printed).toContain('x_seconds_count{node="n1",command="a"} 4');
    expect(printed).toContain('x_seconds_bucket{le="0.001",node="n1",command="a"} 2');
    // The JSON form too, but for prom-client's empty exemplars (we keep none).
    const values = async (r: Registry): Promise<unknown[]> =>
      (await r.getMetricsAsJSON()).flatMap((m) => m.values.map((v) => ({ ...v, exemplar: undefined })));
    expect(await values(mine)).toEqual(await values(theirs));
  });

  it('a counter prints what prom-client prints, series kept by their holders', async () => {
    const [mine, theirs] = registries();
    const lean = new LeanCounter('y_total', 'help', ['command', 'outcome'], [mine]);
    const reference = new Counter({
      name: 'y_total',
      help: 'help',
      labelNames: ['command', 'outcome'],
      registers: [theirs],
    });
    const kept = lean.labels('vote', 'ok');
    for (let i = 0; i < 3; i++) {
      kept.value++;
      reference.labels('vote', 'ok').inc();
    }
    lean.labels('vote', 'RATE_LIMITED').value++;
    reference.labels('vote', 'RATE_LIMITED').inc();
    expect(lean.labels('vote', 'ok')).toBe(kept);
    expect(await lines(mine)).toEqual(await lines(theirs));

    // A reset zeroes in place: a kept series counts on in the registry.
    mine.resetMetrics();
    kept.value++;
    expect(await lines(mine)).toContain('y_total{command="vote",outcome="ok",node="n1"} 1');
  });
});
