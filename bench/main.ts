// `npm run bench`: the load harness. Scenarios against our server (embedded, one Redis, a Redis
// Cluster) and a bare Socket.IO baseline in the same run; a table on the terminal, JSON with --json FILE.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { machine, pinHarness, waitQuiet } from './machine.js';
import { table } from './report.js';
import { allScenarios, runScenario, SCENARIOS, type ScenarioName, type ScenarioResult, type Store } from './run.js';
import type { Settings } from './scenario.js';

const HELP = `npm run bench -- [options]
  --scenario LIST   fanout,votes,quiz,joins,storm,memory,cluster,events3 or all (default all; events3
                    only with the cluster among the stores, or when named)
                    storm: N tokens joined first (paced), then all N sockets opened within 1.5 s,
                    one try each: first-try successes, kernel resets, refusals by code, time to
                    the last in, p99 connect; the server's listen backlog and longest accept
                    queue (ss), our server's admission refusals by reason (/metrics), and the
                    kernel's TcpExtListenOverflows/ListenDrops deltas over the storm
                    (/proc/net/netstat: the whole machine's, other work included)
                    quiz: a question answered by everyone at the steady rate, revealed (every
                    answer scored at once), then the next answered by everyone at once, revealed
                    events3: the crowd split over three events voting at once, one per primary of a
                    Redis Cluster, against one Redis carrying all three (no baseline: it has one event)
  --n N             audience members (default 10000; 200 with --quick)
  --store LIST      embedded, redis, cluster, both (embedded,redis) or all (the three); default both.
                    The baseline always runs. cluster: a private Redis Cluster, 3 primaries + 3
                    replicas; votes run on it twice, acks waiting for a replica (REDIS_MIN_REPLICAS=1,
                    the default) and not (=0, column cluster-r0)
  --quick           small and short: N=200, 5 cues, 2000 votes/s
  --json FILE       write the figures as JSON
  --cues K          measured cues per fanout (default 20)
  --rate R          votes per second offered in the paced phases (default 15000)
  --steady-rate R   votes per second of the first, steady phase, where the ack p99 is compared
                    (default 2000: what the baseline answers here with a p99 under 50 ms)
  --concurrency C   joins in flight (default 200)
  --workers W       client processes (default: one per 2,500 clients, at least 2)
  --pin             servers on CPU 0 alone, the clients and redis-server on the other CPUs:
                    what the server does when the load does not share its core
  --cpu-prof DIR    write a CPU profile of each server process (ours and the baseline) into DIR
  --heap-snapshot DIR  memory scenario: heap snapshots of each server, before and after connecting
  --wait-quiet S    before starting, wait at most S seconds for the 1-minute load < 0.5
                    (default 600 from N=2000, else 0)
  --max-minutes M   stop everything after M minutes (default 45)`;

function int(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
}

const STORES: readonly Store[] = ['embedded', 'redis', 'cluster'];
const STORE_SETS: Record<string, Store[]> = { both: ['embedded', 'redis'], all: [...STORES] };

/** `--store`: a name, a set (both, all) or a comma list of them; each store once, in the usual order. */
function parseStores(value: string): Store[] {
  const asked = value.split(',').flatMap((word): Store[] => {
    const name = word.trim();
    if ((STORES as readonly string[]).includes(name)) return [name as Store];
    const set = STORE_SETS[name];
    if (set === undefined) throw new Error('--store is embedded, redis, cluster, both or all (or a comma list)');
    return set;
  });
  return STORES.filter((store) => asked.includes(store));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'all' },
      n: { type: 'string' },
      store: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      cues: { type: 'string' },
      rate: { type: 'string' },
      'steady-rate': { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      pin: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'heap-snapshot': { type: 'string' },
      'wait-quiet': { type: 'string' },
      'max-minutes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const quick = values.quick;
  const stores = parseStores(values.store);
  const names = values.scenario === 'all' ? allScenarios(stores) : values.scenario.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario ${name}: ${HELP}`);
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const settings: Settings = {
    n: int(values.n, 'n', quick ? 200 : 10_000, 1),
    quick,
    cues: int(values.cues, 'cues', quick ? 5 : 20, 1),
    rate: int(values.rate, 'rate', quick ? 2000 : 15_000, 1),
    steadyRate: int(values['steady-rate'], 'steady-rate', quick ? 500 : 2000, 1),
    concurrency: int(values.concurrency, 'concurrency', quick ? 50 : 200, 1),
    workers: values.workers === undefined ? undefined : int(values.workers, 'workers', 2, 1),
    pin: values.pin,
    cpuProfDir: values['cpu-prof'],
    heapSnapshotDir: values['heap-snapshot'],
    log,
  };
  const maxMinutes = int(values['max-minutes'], 'max-minutes', 45, 1);
  const guard = setTimeout(() => {
    log(`stopped after ${maxMinutes} minutes (--max-minutes)`);
    process.exit(2);
  }, maxMinutes * 60_000);
  guard.unref();

  if (settings.pin === true) pinHarness();
  const quietWait = int(values['wait-quiet'], 'wait-quiet', settings.n >= 2000 ? 600 : 0);
  const loadAtStart = quietWait > 0 ? await waitQuiet(0.5, quietWait, log) : null;
  const started = new Date().toISOString();
  const results: Partial<Record<ScenarioName, ScenarioResult>> = {};
  for (const name of names as ScenarioName[]) results[name] = await runScenario(name, stores, settings, results);

  process.stdout.write(`${table(results)}\n`);
  if (values.json !== undefined) {
    const { log: _log, ...options } = settings;
    const report = {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      started,
      finished: new Date().toISOString(),
      machine: machine(),
      loadAtStart,
      options: { ...options, scenarios: names, stores },
      scenarios: results,
    };
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`figures written to ${values.json}`);
  }
  const failed = Object.values(results).some((r) => Object.values(r.targets).some((t) => t.error !== undefined));
  return failed ? 1 : 0;
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
