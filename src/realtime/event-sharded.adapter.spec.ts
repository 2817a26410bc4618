import { Cluster, Redis } from 'ioredis';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { RedisCluster } from '../../test/support/redis-cluster.js';
import { freePort, RedisServer } from '../../test/support/redis-server.js';
import { createEventShardedAdapter, type EventShardedAdapter } from './event-sharded.adapter.js';

interface ToClient {
  msg: (text: string) => void;
  ask: (ack: (answer: string) => void) => void;
}
interface FromClient {
  sync: (ack: (ok: boolean) => void) => void;
}
interface BetweenServers {
  whoami: (ack: (port: number) => void) => void;
}
type TestServer = Server<FromClient, ToClient, BetweenServers>;

interface Node {
  io: TestServer;
  port: number;
  pub: Redis | Cluster;
  sub: Redis | Cluster;
  adapter: EventShardedAdapter;
}

/** One client socket, its socket on the server, and every 'msg' it got. */
interface Peer {
  client: ClientSocket<ToClient, FromClient>;
  socket: ServerSocket<FromClient, ToClient, BetweenServers>;
  got: string[];
}

const MAIN = 'summit#/#';
const channelOf = (event: string): string => `${MAIN}{ev:${event}}#`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(intervalMs);
  }
}

const nodes: Node[] = [];
const peers: Peer[] = [];

async function startNode(makeClient: () => Redis | Cluster): Promise<Node> {
  const port = await freePort();
  const [pub, sub] = [makeClient(), makeClient()];
  const io: TestServer = new Server(port, {
    transports: ['websocket'],
    adapter: createEventShardedAdapter(pub, sub, { channelPrefix: 'summit' }),
  });
  io.on('connection', (socket) => socket.on('sync', (ack) => ack(true)));
  io.on('whoami', (ack) => ack(port));
  const node = { io, port, pub, sub, adapter: io.of('/').adapter as EventShardedAdapter };
  nodes.push(node);
  return node;
}

async function stopNode(node: Node): Promise<void> {
  nodes.splice(nodes.indexOf(node), 1);
  await node.io.close();
  for (const client of [node.pub, node.sub]) client.disconnect();
}

async function connect(node: Node): Promise<Peer> {
  const client: ClientSocket<ToClient, FromClient> = ioClient(`http://127.0.0.1:${node.port}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const got: string[] = [];
  client.on('msg', (text) => got.push(text));
  client.on('ask', (ack) => ack(`yes from ${node.port}`));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  const socket = client.id === undefined ? undefined : node.io.sockets.sockets.get(client.id);
  if (!socket) throw new Error('no server socket for the client');
  const peer = { client, socket, got };
  peers.push(peer);
  return peer;
}

async function joined(node: Node, rooms: string[]): Promise<Peer> {
  const peer = await connect(node);
  await peer.socket.join(rooms);
  return peer;
}

/** Once its node has answered this, the node has written to the peer everything it handled before. */
const barrier = (peer: Peer): Promise<boolean> => peer.client.timeout(2000).emitWithAck('sync');

function leaveAll(): void {
  for (const peer of peers.splice(0)) peer.client.disconnect();
}

/** (1) Broadcasts to one event's rooms reach the right sockets on the other node, and nobody else. */
async function deliversToEventRooms(from: Node, to: Node, a: string, b: string): Promise<void> {
  const x = await joined(to, [`ev:${a}`, `ev:${a}:audience`, `ev:${a}:p:x`]);
  const y = await joined(to, [`ev:${a}`, `ev:${a}:audience`, `ev:${a}:p:y`]);
  const operator = await joined(to, [`ev:${a}`, `ev:${a}:operator`]);
  const otherEvent = await joined(to, [`ev:${b}`, `ev:${b}:audience`, `ev:${b}:p:x`]);
  from.io.to(`ev:${a}`).emit('msg', 'everyone');
  from.io.to(`ev:${a}:audience`).emit('msg', 'audience');
  from.io.to(`ev:${a}:p:x`).emit('msg', 'x only');
  // One channel, so in order: once x has the last one, `to` has handled all three.
  await until('x gets its message', () => x.got.includes('x only'));
  await Promise.all([x, y, operator, otherEvent].map(barrier));
  expect(x.got).toEqual(['everyone', 'audience', 'x only']);
  expect(y.got).toEqual(['everyone', 'audience']);
  expect(operator.got).toEqual(['everyone']);
  expect(otherEvent.got).toEqual([]);
}

/** (3) The first room of an event on a fresh node: once the join resolves, broadcasts reach it. */
async function reachesRightAfterJoin(from: Node, fresh: Node, event: string): Promise<void> {
  const peer = await connect(fresh);
  await peer.socket.join([`ev:${event}`, `ev:${event}:screen`]);
  from.io.to(`ev:${event}:screen`).emit('msg', 'right after the join');
  await until('the fresh node delivers', () => peer.got.includes('right after the join'));
}

describe('EventShardedAdapter on one Redis', () => {
  let redis: RedisServer;
  let raw: Redis;
  let n1: Node;
  let n2: Node;
  const makeClient = () => new Redis(redis.url, { maxRetriesPerRequest: null });
  const numsub = async (channel: string): Promise<number> => {
    const reply = (await raw.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
    return reply[1];
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    raw = new Redis(redis.url, { maxRetriesPerRequest: null });
    n1 = await startNode(makeClient);
    n2 = await startNode(makeClient);
    await until('both nodes on the main channel', async () => (await n1.adapter.serverCount()) === 2);
  });
  afterEach(leaveAll);
  afterAll(async () => {
    await Promise.all([...nodes].map(stopNode));
    raw.disconnect();
    await redis.destroy();
  });

  it('delivers a broadcast to one event only to the sockets in its rooms on the other node', async () => {
    await deliversToEventRooms(n1, n2, 'a', 'b');
  });

  it("publishes a broadcast within one event on that event's channel, anything else on the main one", async () => {
    const spy = new Redis(redis.url);
    const seen: string[] = [];
    spy.on('smessage', (channel: string, message: string) => seen.push(`${channel} ${message}`));
    await spy.ssubscribe(channelOf('a'), MAIN);
    n1.io.to('ev:a:audience').except('ev:a:p:x').emit('msg', 'one event');
    n1.io.to(['ev:a', 'ev:b']).emit('msg', 'two events');
    n1.io.emit('msg', 'everyone');
    await until('three messages', () => seen.length === 3);
    spy.disconnect();
    expect(seen.filter((m) => m.startsWith(`${channelOf('a')} `) && m.includes('"one event"'))).toHaveLength(1);
    expect(seen.filter((m) => m.startsWith(`${MAIN} `) && /"two events"|"everyone"/.test(m))).toHaveLength(2);
  });

  it('reaches the sockets of a fresh node as soon as their join has resolved', async () => {
    const fresh = await startNode(makeClient);
    await reachesRightAfterJoin(n1, fresh, 'c');
    expect(await numsub(channelOf('c'))).toBe(1);
    await stopNode(fresh);
  });

  it('resolves a join only once Redis has confirmed the SSUBSCRIBE (here: after a reconnect)', async () => {
    const peer = await connect(n2);
    n2.sub.disconnect(true); // the SSUBSCRIBE waits in the offline queue till the connection is back
    await peer.socket.join(['ev:i', 'ev:i:audience']);
    expect(await numsub(channelOf('i'))).toBe(1);
    n1.io.to('ev:i').emit('msg', 'after the reconnect');
    await until('the socket gets it', () => peer.got.includes('after the reconnect'));
  });

  it("lets an event's channel go with the node's last room of the event, and takes it again", async () => {
    const first = await joined(n2, ['ev:d', 'ev:d:audience']);
    const second = await joined(n2, ['ev:d', 'ev:d:p:z']);
    expect(await numsub(channelOf('d'))).toBe(1);
    first.socket.disconnect(true);
    await barrier(second);
    expect(await numsub(channelOf('d'))).toBe(1);
    second.socket.disconnect(true);
    await until('the channel is let go', async () => (await numsub(channelOf('d'))) === 0);
    await joined(n2, ['ev:d:operator']);
    expect(await numsub(channelOf('d'))).toBe(1);
  });

  it('answers fetchSockets, serverSideEmit and broadcasts with acks from every node (main channel)', async () => {
    const peer = await joined(n2, ['ev:e', 'ev:e:audience']);
    expect(await n1.adapter.serverCount()).toBe(2);
    const sockets = await n1.io.in('ev:e').fetchSockets();
    expect(sockets.map((s) => s.id)).toEqual([peer.socket.id]);
    expect(await n1.io.serverSideEmitWithAck('whoami')).toEqual([n2.port]);
    expect(await n1.io.to('ev:e:audience').timeout(2000).emitWithAck('ask')).toEqual([`yes from ${n2.port}`]);
  });

  it('does not fail a join whose SSUBSCRIBE failed, and subscribes again on the next join of the event', async () => {
    const node = await startNode(makeClient);
    await until('the node is on the main channel', async () => (await n1.adapter.serverCount()) === 3);
    const first = await connect(node);
    node.sub.disconnect(); // SSUBSCRIBE is refused at once: the connection is closed
    await first.socket.join(['ev:f', 'ev:f:audience']);
    expect(await numsub(channelOf('f'))).toBe(0);
    await node.sub.connect();
    await joined(node, ['ev:f', 'ev:f:p:q']);
    expect(await numsub(channelOf('f'))).toBe(1);
    n1.io.to('ev:f:audience').emit('msg', 'retried');
    await until('the first socket gets it', () => first.got.includes('retried'));
    await stopNode(node);
  });

  it('unsubscribes everything on close', async () => {
    const node = await startNode(makeClient);
    await joined(node, ['ev:g']);
    const responseChannels = async () =>
      ((await raw.call('PUBSUB', 'SHARDCHANNELS', `${MAIN}*`)) as string[]).filter((c) => /#[0-9a-f]{16}#$/.test(c));
    const before = (await responseChannels()).length;
    expect(await n1.adapter.serverCount()).toBe(3);
    await stopNode(node);
    expect(await numsub(channelOf('g'))).toBe(0);
    expect(await n1.adapter.serverCount()).toBe(2);
    expect(await responseChannels()).toHaveLength(before - 1);
  });

  it('gets the broadcasts of an event again after a Redis restart (ioredis subscribes again)', async () => {
    const peer = await joined(n2, ['ev:h', 'ev:h:audience']);
    await redis.stop();
    await redis.launch();
    let sent = 0;
    await until(
      'a broadcast after the restart arrives',
      () => {
        n1.io.to('ev:h:audience').emit('msg', `after restart ${++sent}`);
        return peer.got.length > 0;
      },
      10000,
      100,
    );
    await until('both nodes on the main channel again', async () => (await n1.adapter.serverCount()) === 2);
  }, 20000);
});

describe('EventShardedAdapter on a Redis Cluster (shardedSubscribers)', () => {
  let cluster: RedisCluster;
  let n1: Node;
  let n2: Node;
  /** Three events whose channels (and keys) are served by three different primaries, the first with the main channel. */
  const events: string[] = [];
  const makeClient = () => {
    const client = new Cluster(cluster.startupNodes, { shardedSubscribers: true });
    // A killed primary is reported as 'error' until the failover: expected here, checked by behaviour.
    client.on('error', () => undefined);
    return client;
  };
  const numsubOn = async (port: number, channel: string): Promise<number> => {
    const node = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0 });
    try {
      const reply = (await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
      return reply[1];
    } finally {
      node.disconnect();
    }
  };

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    const mainPrimary = await cluster.primaryFor(MAIN);
    const taken = new Set<number>();
    for (let i = 0; events.length < 3; i++) {
      const primary = await cluster.primaryFor(channelOf(`e${i}`));
      // The first on the main channel's primary, so that the failover test covers both.
      if (events.length === 0 ? primary !== mainPrimary : taken.has(primary)) continue;
      taken.add(primary);
      events.push(`e${i}`);
    }
    n1 = await startNode(makeClient);
    n2 = await startNode(makeClient);
    await until('both nodes on the main channel', async () => (await n1.adapter.serverCount()) === 2);
  }, 60000);
  afterEach(leaveAll);
  afterAll(async () => {
    await Promise.all([...nodes].map(stopNode));
    await cluster?.destroy();
  }, 30000);

  it('delivers a broadcast to one event only to the sockets in its rooms on the other node', async () => {
    await deliversToEventRooms(n1, n2, events[0], events[1]);
  });

  it("holds each event's channel on the primary that serves the event's slot: three events, three primaries", async () => {
    await Promise.all(events.map((event) => joined(n2, [`ev:${event}`, `ev:${event}:audience`])));
    const primaries = await Promise.all(events.map((event) => cluster.primaryFor(channelOf(event))));
    expect(new Set(primaries).size).toBe(3);
    for (const [i, event] of events.entries()) {
      expect(primaries[i]).toBe(await cluster.primaryFor(`{ev:${event}}:seq`));
      expect(await numsubOn(primaries[i], channelOf(event))).toBe(1);
    }
    expect(await n1.adapter.serverCount()).toBe(2);
  });

  it('reaches the sockets of a fresh node as soon as their join has resolved', async () => {
    const fresh = await startNode(makeClient);
    await reachesRightAfterJoin(n1, fresh, events[2]);
    await stopNode(fresh);
  });

  it("gets an event's broadcasts, and the main channel's, again after their primary is killed and a replica took over", async () => {
    const [event] = events;
    const peer = await joined(n2, [`ev:${event}`, `ev:${event}:audience`]);
    const channel = channelOf(event);
    const killed = await cluster.primaryFor(channel);
    await cluster.kill(killed);
    const primary = await cluster.waitForFailover(channel, killed);
    let sent = 0;
    await until(
      'a broadcast after the failover arrives',
      () => {
        n1.io.to(`ev:${event}:audience`).emit('msg', `after the failover ${++sent}`);
        return peer.got.length > 0;
      },
      20000,
      200,
    );
    expect(await numsubOn(primary, channel)).toBe(1);
    // Both nodes are back on the main channel (same shard): requests to every node work again.
    await until('both nodes on the main channel again', async () => (await n1.adapter.serverCount()) === 2);
    expect((await n1.io.in(`ev:${event}`).fetchSockets()).map((s) => s.id)).toEqual([peer.socket.id]);
  }, 40000);
});
