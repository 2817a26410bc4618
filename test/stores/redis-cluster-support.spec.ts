import { once } from 'node:events';
import { connect } from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { RedisCluster } from '../support/redis-cluster.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it resolves, at most `times` times, 200 ms apart. */
async function retry<T>(times: number, attempt: () => Promise<T>): Promise<T> {
  let last: unknown = new Error('never tried');
  for (let i = 0; i < times; i++) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
      await sleep(200);
    }
  }
  throw last;
}

/** What a raw TCP connect to the port ends in: 'connected' or the error code. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('test support: a private Redis Cluster and a TCP proxy', () => {
  let cluster: RedisCluster;
  let client: Cluster;
  // Tags computed against the live topology: the first three (of {ev:a}..{ev:z}) on different primaries.
  const tags: string[] = [];

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    client = new Cluster(cluster.startupNodes, { redisOptions: { connectTimeout: 1000 } });
    // The cluster reports dead nodes here during the failover test; the test asserts on the commands.
    client.on('error', () => undefined);
    const primaries = new Set<number>();
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const primary = await cluster.primaryFor(`{ev:${letter}}`);
      if (primaries.has(primary)) continue;
      primaries.add(primary);
      tags.push(`{ev:${letter}}`);
      if (tags.length === 3) break;
    }
  }, 60000);

  afterAll(async () => {
    client?.disconnect();
    await cluster?.destroy();
  }, 60000);

  it('starts 3 primaries with one replica each, and says where a key lives', async () => {
    expect(cluster.ports).toHaveLength(6);
    expect(cluster.seeds).toBe(cluster.ports.map((port) => `127.0.0.1:${port}`).join(','));
    expect(cluster.startupNodes).toEqual(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    expect(tags).toHaveLength(3);

    // slotOf agrees with the server's own hashing, hash tags and multi-byte keys included.
    const keys = [...tags, 'plain', '{}empty-tag', 'a{}{b}', '{ev:é}:ü', `${tags[0]}:poll:1`];
    const node = new Redis({ host: '127.0.0.1', port: cluster.ports[0], lazyConnect: true });
    await node.connect();
    for (const key of keys) expect(cluster.slotOf(key)).toBe(await node.cluster('KEYSLOT', key));
    node.disconnect();

    const ports = new Set(cluster.ports);
    const primaries = await Promise.all(tags.map((tag) => cluster.primaryFor(tag)));
    for (const primary of primaries) {
      const replica = await cluster.replicaOf(primary);
      expect(ports.has(replica)).toBe(true);
      expect(replica).not.toBe(primary);
    }
  });

  it('serves all keys of one hash tag from one primary, and the three tags from three primaries', async () => {
    await cluster.flushAll();
    const holders: number[] = [];
    for (const tag of tags) {
      // A multi-key command is refused (CROSSSLOT) unless every key is in one slot.
      await client.mset(`${tag}:poll`, '1', `${tag}:votes`, '2', `${tag}:questions`, '3');
      const holding: number[] = [];
      for (const master of client.nodes('master')) {
        // Asked directly, each primary counts only what it stores itself.
        if ((await master.cluster('COUNTKEYSINSLOT', cluster.slotOf(tag))) === 3)
          holding.push(master.options.port ?? 0);
      }
      expect(holding).toEqual([await cluster.primaryFor(`${tag}:poll`)]);
      holders.push(holding[0]);
    }
    expect(new Set(holders).size).toBe(3);
  });

  it('fails over when a primary is killed, follows the new primary, and re-attaches the old one as a replica', async () => {
    const key = `${tags[0]}:failover`;
    const oldPrimary = await cluster.primaryFor(key);
    // Replicated before the kill (WAIT says so), so the promoted replica has it.
    const before = await client.pipeline().set(key, 'before').config('GET', 'port').wait(1, 1000).exec();
    expect(before).toEqual([
      [null, 'OK'],
      [null, ['port', String(oldPrimary)]], // the key-less commands went to the key's primary
      [null, 1],
    ]);

    await cluster.kill(oldPrimary);
    const newPrimary = await cluster.waitForFailover(key, oldPrimary);
    expect(newPrimary).not.toBe(oldPrimary);
    expect(cluster.ports).toContain(newPrimary);

    expect(await retry(25, () => client.get(key))).toBe('before');
    await retry(25, () => client.set(key, 'after'));
    expect(await client.get(key)).toBe('after');

    // No replica left: the write is acknowledged by none.
    const alone = await client.pipeline().set(key, 'alone').config('GET', 'port').wait(1, 200).exec();
    expect(alone).toEqual([
      [null, 'OK'],
      [null, ['port', String(newPrimary)]],
      [null, 0],
    ]);

    await cluster.restart(oldPrimary);
    expect(await cluster.replicaOf(newPrimary)).toBe(oldPrimary);
    expect(await cluster.primaryFor(key)).toBe(newPrimary);
    const again = await client.pipeline().set(key, 'replicated').config('GET', 'port').wait(1, 500).exec();
    expect(again).toEqual([
      [null, 'OK'],
      [null, ['port', String(newPrimary)]],
      [null, 1],
    ]);
  });

  it('cuts a client from Redis through the TCP proxy and lets it back', async () => {
    const key = `${tags[1]}:proxy`;
    const proxy = await TcpProxy.start(await cluster.primaryFor(key));
    const redis = new Redis({
      host: '127.0.0.1',
      port: proxy.port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 50,
    });
    // Refused reconnects while the proxy is cut are expected; the commands below say what the client sees.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.set(key, 'through the proxy');
      expect(await redis.get(key)).toBe('through the proxy');

      const closed = once(redis, 'close');
      await proxy.cut();
      await closed;
      await expect(redis.get(key)).rejects.toThrow(/enableOfflineQueue/);
      expect(await connectOutcome(proxy.port)).toBe('ECONNREFUSED');

      await proxy.restore();
      expect(await retry(25, () => redis.get(key))).toBe('through the proxy');
    } finally {
      redis.disconnect();
      await proxy.close();
    }
  });
});
