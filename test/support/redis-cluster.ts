import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePorts } from '../../bench/free-port.js';
import { parseInfo, waitUntil } from '../../bench/redis-probe.js';

const HOST = '127.0.0.1';
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
const SLOTS = 16384;
const NODES = 6;

function crc16(bytes: Uint8Array): number {
  // CRC16-XMODEM (poly 0x1021, init 0), as Redis Cluster hashes keys.
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The cluster slot of a key; cluster-key-slot is only a transitive dependency, so it is not imported. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  // Only a non-empty {tag} counts; '{' and '}' never occur inside a multi-byte UTF-8 sequence.
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed, 'utf8')) % SLOTS;
}

interface SlotRange {
  start: number;
  end: number;
  primary: number;
  replicas: number[];
}

interface ClusterNode {
  readonly port: number;
  readonly busPort: number;
  readonly dir: string;
  process: ChildProcess | null;
  exited: Promise<unknown>;
}

/**
 * A private Redis Cluster (3 primaries + 3 replicas) on free ports of 127.0.0.1, each node in its own
 * temp dir, never the machine's shared Redis. The node timeout is 1 s, so a failover takes a few seconds.
 */
export class RedisCluster {
  private constructor(
    private readonly nodes: ClusterNode[],
    private readonly appendonly: boolean,
  ) {}

  static async start(options: { appendonly?: boolean } = {}): Promise<RedisCluster> {
    // A bus port of its own per node: the default (port + 10000) may be taken or above 65535.
    const ports = await freePorts(NODES * 2);
    const nodes = Array.from({ length: NODES }, (_, i) => ({
      port: ports[i],
      busPort: ports[NODES + i],
      dir: mkdtempSync(join(tmpdir(), 'summit-redis-cluster-')),
      process: null,
      exited: Promise.resolve(),
    }));
    const cluster = new RedisCluster(nodes, options.appendonly ?? false);
    try {
      await Promise.all(nodes.map((node) => cluster.launch(node)));
      const addresses = nodes.map((node) => `${HOST}:${node.port}`);
      await promisify(execFile)(
        REDIS_CLI,
        ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'],
        { timeout: 30000 },
      );
      await cluster.waitUntilHealthy(30000);
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  get ports(): number[] {
    return this.nodes.map((node) => node.port);
  }

  /** "127.0.0.1:p1,127.0.0.1:p2,...": the value for REDIS_CLUSTER_NODES. */
  get seeds(): string {
    return this.nodes.map((node) => `${HOST}:${node.port}`).join(',');
  }

  get startupNodes(): { host: string; port: number }[] {
    return this.nodes.map((node) => ({ host: HOST, port: node.port }));
  }

  slotOf(key: string): number {
    return keySlot(key);
  }

  /** The port of the primary serving the key's slot, as a live node sees it now. */
  async primaryFor(key: string): Promise<number> {
    const slot = keySlot(key);
    const range = (await this.anyLive((redis) => this.slotRanges(redis))).find((r) => r.start <= slot && slot <= r.end);
    if (!range) throw new Error(`no primary serves slot ${slot}`);
    return range.primary;
  }

  /** The port of an in-sync replica of this primary, as the primary itself sees it. */
  async replicaOf(primaryPort: number): Promise<number> {
    const info = parseInfo(await this.probe(primaryPort, (redis) => redis.info('replication')));
    for (const [field, value] of info) {
      if (!/^slave\d+$/.test(field) || !value.includes('state=online')) continue;
      const port = /port=(\d+)/.exec(value);
      if (port) return Number(port[1]);
    }
    throw new Error(`${primaryPort} has no replica in sync`);
  }

  /** Sends the signal and waits for the process to exit (SIGKILL after 10 s, so it is bounded). */
  async kill(port: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const node = this.node(port);
    const child = node.process;
    node.process = null;
    if (!child || !isRunning(child)) return;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 10000)));
    const stuck = await Promise.race([node.exited.then(() => false), late]);
    clearTimeout(timer);
    if (stuck) {
      child.kill('SIGKILL');
      await node.exited;
    }
  }

  /**
   * Starts the node again on the same port, dir and nodes.conf: a former primary comes back as a replica
   * of the node that took over. Waits until the whole cluster agrees and every replica is in sync.
   */
  async restart(port: number): Promise<void> {
    const node = this.node(port);
    if (node.process && isRunning(node.process)) throw new Error(`node ${port} is still running`);
    await this.launch(node);
    await this.waitUntilHealthy(30000);
  }

  /** Waits until a different, live node is primary for the key's slot on every live node, all cluster_state:ok. */
  async waitForFailover(key: string, oldPrimaryPort: number, timeoutMs = 20000): Promise<number> {
    const slot = keySlot(key);
    let primary = 0;
    await waitUntil(`no failover of slot ${slot} away from ${oldPrimaryPort}`, timeoutMs, async () => {
      const live = this.liveNodes();
      const seen = new Set<number>();
      for (const node of live) {
        const state = await this.probe(node.port, async (redis) => ({
          info: parseInfo(await redis.cluster('INFO')),
          ranges: await this.slotRanges(redis),
        }));
        if (state.info.get('cluster_state') !== 'ok')
          return `${node.port}: cluster_state ${state.info.get('cluster_state')}`;
        const range = state.ranges.find((r) => r.start <= slot && slot <= r.end);
        seen.add(range?.primary ?? 0);
      }
      const [candidate] = seen;
      if (seen.size !== 1) return `the live nodes disagree on the primary: ${[...seen].join(', ')}`;
      if (candidate === oldPrimaryPort) return `${oldPrimaryPort} is still the primary`;
      if (!live.some((node) => node.port === candidate)) return `the primary ${candidate} is not running`;
      primary = candidate;
      return null;
    });
    return primary;
  }

  async flushAll(): Promise<void> {
    await Promise.all(
      this.liveNodes().map((node) =>
        this.probe(node.port, async (redis) => {
          if (parseInfo(await redis.info('replication')).get('role') === 'master') await redis.flushall();
        }),
      ),
    );
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.kill(node.port)));
    for (const node of this.nodes) rmSync(node.dir, { recursive: true, force: true });
  }

  private node(port: number): ClusterNode {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`${port} is not a node of this cluster`);
    return node;
  }

  private liveNodes(): ClusterNode[] {
    return this.nodes.filter((node) => node.process !== null && isRunning(node.process));
  }

  private async launch(node: ClusterNode): Promise<void> {
    const args = ['--port', String(node.port), '--bind', HOST, '--dir', node.dir, '--save', ''];
    args.push('--logfile', join(node.dir, 'redis.log'));
    args.push('--cluster-enabled', 'yes', '--cluster-port', String(node.busPort));
    args.push('--cluster-config-file', join(node.dir, `nodes-${node.port}.conf`), '--cluster-node-timeout', '1000');
    // A replica always may take over, however long its link was down: tests kill nodes on purpose.
    args.push('--cluster-replica-validity-factor', '0');
    // Sync through an RDB file: after a diskless sync, 7.0 may hold the write stream back ~1 s until the
    // replica's next ACK, though the replica is already "online" (WAIT then answers 0), and waits 5 s first.
    args.push('--repl-diskless-sync', 'no');
    // CLUSTER SLOTS hides a replica until its offset is above 0: ping replicas every second, not every 10.
    args.push('--repl-ping-replica-period', '1');
    args.push('--appendonly', this.appendonly ? 'yes' : 'no');
    if (this.appendonly) args.push('--appendfsync', 'everysec');
    const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    node.process = child;
    node.exited = once(child, 'exit');
    await waitUntil(`redis-server did not answer on ${node.port}`, 5000, async () => {
      if (!isRunning(child)) throw new Error(`exited: ${this.logTail(node)}`);
      return (await this.probe(node.port, (redis) => redis.ping())) === 'PONG' ? null : 'no PONG';
    });
  }

  /**
   * What each node says of its replication and the last lines of its log: for a test's failure
   * message, so that a failure on CI says which link was down.
   */
  async describe(): Promise<string> {
    const parts = await Promise.all(
      this.nodes.map(async (node) => {
        if (!node.process || !isRunning(node.process)) return `${node.port}: down`;
        const replication = await this.probe(node.port, (redis) => redis.info('replication')).catch(String);
        const fields = replication
          .split('\r\n')
          .filter((line) => /^(role|master_port|master_link_status|slave\d+|master_sync_in_progress):/.test(line));
        return `${node.port}: ${fields.join(' ')}\n  log: ${this.logTail(node, 8)}`;
      }),
    );
    return parts.join('\n');
  }

  private logTail(node: ClusterNode, lines = 3): string {
    try {
      return readFileSync(join(node.dir, 'redis.log'), 'utf8').trim().split('\n').slice(-lines).join(' | ');
    } catch {
      return 'no log';
    }
  }

  /** A one-shot connection to one node that never retries, always disconnected. */
  private async probe<T>(port: number, run: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis({
      host: HOST,
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    // Refused connections are expected while nodes are down; connect() rejects with the same error.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await run(redis);
    } finally {
      redis.disconnect();
    }
  }

  /** The first live node that answers. */
  private async anyLive<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
    let last: unknown = new Error('no node is running');
    for (const node of this.liveNodes()) {
      try {
        return await this.probe(node.port, run);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }

  private async slotRanges(redis: Redis): Promise<SlotRange[]> {
    const reply = await redis.cluster('SLOTS');
    return reply.map(([start, end, primary, ...replicas]) => ({
      start,
      end,
      primary: Number(primary[1]),
      replicas: replicas.map((replica) => Number(replica[1])),
    }));
  }

  /**
   * Every live node: cluster_state:ok, all slots assigned, every node known, every replica linked and
   * synced; and all live nodes see the same primaries and live replicas for every slot range.
   */
  async waitUntilHealthy(timeoutMs: number): Promise<void> {
    await waitUntil('the cluster did not become healthy', timeoutMs, async () => {
      const live = this.liveNodes();
      const livePorts = new Set(live.map((node) => node.port));
      let agreed: string | null = null;
      for (const node of live) {
        const why = await this.probe(node.port, async (redis) => {
          const info = parseInfo(await redis.cluster('INFO'));
          if (info.get('cluster_state') !== 'ok') return `cluster_state ${info.get('cluster_state')}`;
          if (info.get('cluster_slots_assigned') !== String(SLOTS)) return 'not all slots assigned';
          if (info.get('cluster_known_nodes') !== String(this.nodes.length)) return 'not all nodes known';
          const replication = parseInfo(await redis.info('replication'));
          if (replication.get('role') === 'slave') {
            if (replication.get('master_link_status') !== 'up') return 'replica link down';
            if (replication.get('master_sync_in_progress') !== '0') return 'replica still syncing';
          }
          const ranges = await this.slotRanges(redis);
          const view = ranges
            .sort((a, b) => a.start - b.start)
            .map(
              (r) =>
                `${r.start}-${r.end}:${r.primary}>${r.replicas
                  .filter((p) => livePorts.has(p))
                  .sort((a, b) => a - b)
                  .join(',')}`,
            )
            .join(' ');
          const placed = new Set(ranges.flatMap((r) => [r.primary, ...r.replicas]));
          const missing = [...livePorts].filter((p) => !placed.has(p));
          if (missing.length > 0) return `${missing.join(', ')} not yet placed`;
          if (agreed !== null && view !== agreed) return `views differ: ${view} vs ${agreed}`;
          agreed = view;
          return null;
        });
        if (why !== null) return `${node.port}: ${why}`;
      }
      return null;
    });
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
