import { debuglog } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisCluster } from '../support/redis-cluster.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { useRedisCluster, type Cluster } from './cluster.js';
import { sleep, waitStatus, type AppNode } from './processes.js';
import {
  connectPeer,
  createEvent,
  inBatches,
  join,
  newEventId,
  nonZero,
  OPTIONS,
  singlePoll,
  staffToken,
  type Board,
  type Peer,
  type Poll,
  type Question,
  type State,
  type Tally,
} from './peers.js';
import { castVote, crowd, lastAcked, tallyOfAcked, type Entry, type Person } from './vote-storm.js';

/** What the faults did (error codes, how long until ok again): NODE_DEBUG=redis-cluster-spec prints it. */
const note = debuglog('redis-cluster-spec');

const seqKey = (eventId: string): string => `{ev:${eventId}}:seq`;
type Updated = { seq: number; poll: Poll & { revealed?: boolean } };

/** app3 reaches every Redis node through a proxy of its own (fault 3 cuts them all); the others directly. */
const proxies: TcpProxy[] = [];

async function behindProxies(redis: RedisCluster): Promise<Record<string, string>> {
  for (const port of redis.ports) proxies.push(await TcpProxy.start(port));
  return {
    REDIS_CLUSTER_NODES: proxies.map((p) => `127.0.0.1:${p.port}`).join(','),
    // CLUSTER SLOTS names the nodes as they announce themselves: each is reached through its proxy.
    REDIS_CLUSTER_NAT_MAP: redis.ports.map((port, i) => `127.0.0.1:${port}=127.0.0.1:${proxies[i].port}`).join(','),
  };
}

/** How many times each code occurs. */
const tally = (codes: string[]): Record<string, number> =>
  codes.reduce<Record<string, number>>((n, code) => ({ ...n, [code]: (n[code] ?? 0) + 1 }), {});

/** One command's outcome: 'ok', its error code, or NO_ANSWER (no ack within 10 s: a hang). */
async function outcome(peer: Peer, event: string, payload: unknown): Promise<string> {
  const ack = await peer.send(event, payload, 10_000).catch(() => null);
  return ack === null ? 'NO_ANSWER' : ack.ok ? 'ok' : ack.error.code;
}

/** Sends the command again (bounded) until it is acked ok; the refusals before that. */
async function untilOk(peer: Peer, event: string, payload: unknown, what: string): Promise<string[]> {
  const refused: string[] = [];
  const deadline = Date.now() + 30_000;
  for (let i = 0; i < 200 && Date.now() < deadline; i++) {
    const got = await outcome(peer, event, payload);
    if (got === 'ok') return refused;
    refused.push(got);
    await sleep(200);
  }
  throw new Error(`${what}: never ok within 30 s; refused ${refused.join(', ')}`);
}

/** Subscribers of a shard channel on one Redis node (bounded wait until it is `count`). */
async function waitSubscribers(port: number, channel: string, count: number): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let seen = -1;
  try {
    await redis.connect();
    const deadline = Date.now() + 20_000;
    for (let i = 0; i < 200 && Date.now() < deadline; i++) {
      seen = Number(((await redis.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number])[1]);
      if (seen === count) return;
      await sleep(100);
    }
  } finally {
    redis.disconnect();
  }
  throw new Error(`${channel} on ${port} has ${seen} subscribers, never ${count}`);
}

/**
 * The shard channel that carries the event's changes and the primary serving it, as the primaries
 * say: the event's own channel when the adapter has one per event, else the namespace's (`summit#/#`).
 */
async function broadcastChannel(cluster: Cluster, eventId: string): Promise<{ channel: string; primary: number }> {
  const all = [...(await cluster.adapterChannelsByPrimary())].flatMap(([primary, channels]) =>
    channels.map((channel) => ({ channel, primary })),
  );
  const found = all.find((c) => c.channel.includes(`{ev:${eventId}}`)) ?? all.find((c) => c.channel === 'summit#/#');
  if (!found) throw new Error(`no primary carries the event's channel: ${JSON.stringify(all)}`);
  return found;
}

/**
 * What a client that follows the protocol holds: its snapshot, then each poll:updated in seq order;
 * a seq gap (a broadcast it missed) makes it ask state:sync. The seq and each poll's status.
 */
/** The clients (their URL) that asked state:sync on a seq gap, for the notes. */
const syncedOnGap: string[] = [];
async function clientView(peer: Peer): Promise<{ seq: number; polls: Record<string, string> }> {
  const first = peer.states()[0];
  const seqs = peer.changeSeqs();
  const last = Math.max(first.seq, ...seqs);
  const polls = Object.fromEntries(first.polls.map((p) => [p.id, p.status]));
  for (let seq = first.seq + 1; seq <= last; seq++) {
    if (seqs.includes(seq)) continue;
    syncedOnGap.push(peer.url);
    const synced = await peer.ok<State>('state:sync', {});
    return { seq: synced.seq, polls: Object.fromEntries(synced.polls.map((p) => [p.id, p.status])) };
  }
  const updates = peer.messages<Updated>('poll:updated').filter((m) => m.seq > first.seq);
  for (const m of updates.sort((x, y) => x.seq - y.seq)) polls[m.poll.id] = m.poll.status;
  return { seq: last, polls };
}

/** The store's view, through a fresh state:sync of a connected client. */
async function storeView(peer: Peer): Promise<{ seq: number; polls: Record<string, string> }> {
  const state = await peer.ok<State>('state:sync', {});
  return { seq: state.seq, polls: Object.fromEntries(state.polls.map((p) => [p.id, p.status])) };
}

describe('cluster: two nodes on a Redis Cluster (3 primaries + 3 replicas), primaries killed, a node cut off', () => {
  // app1 and app2 reach Redis directly; app3 only through the proxies (fault 3), which it alone uses.
  // A replica shares this loaded 2-core machine: give WAIT more time than the 200 ms default, or a
  // write is refused only because the replica was not scheduled in time.
  const handle = useRedisCluster(
    { REDIS_REPLICA_TIMEOUT_MS: '1000' },
    { size: 3, nodeEnv: (i, c) => (i === 2 ? behindProxies(c.redisCluster) : {}) },
  );
  /** The nodes that reach Redis directly: the two of every test but fault 3. */
  const direct = (): AppNode[] => handle.cluster.nodes.slice(0, 2);
  const { keep } = handle;
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });
  /** Redis nodes killed and not yet back: restarted after the test whatever its outcome, for the next. */
  const down = new Set<number>();
  let killedAny = false;
  const killRedis = async (port: number): Promise<void> => {
    down.add(port);
    killedAny = true;
    await handle.cluster.redisCluster.kill(port);
  };
  const restartRedis = async (port: number): Promise<void> => {
    await handle.cluster.redisCluster.restart(port);
    down.delete(port);
  };
  afterEach(async () => {
    if (!killedAny) return;
    killedAny = false;
    for (const port of [...down]) await restartRedis(port).catch(() => undefined);
    // Every primary with its replica linked and synced again before the next test's writes.
    await handle.cluster.redisCluster.waitUntilHealthy(30_000);
    // The next test starts once each node serves again (an event created, a token minted, a person
    // joined): after a failover app3, which reaches Redis through the proxies and the NAT map, has
    // been seen to time out commands for several seconds (ioredis keeps the address of a MOVED
    // unmapped until its next slot refresh), answering UNAVAILABLE meanwhile.
    for (const node of handle.cluster.nodes) {
      const deadline = Date.now() + 30_000;
      for (let i = 0; i < 100 && Date.now() < deadline; i++) {
        const id = newEventId();
        const served = await createEvent(node.url, id)
          .then(() => staffToken(node.url, id, 'screen'))
          .then(() => join(node.url, id))
          .then(
            () => true,
            () => false,
          );
        if (served) break;
        note('%s did not serve yet after a failover', node.id);
        await sleep(300);
      }
    }
  }, 90_000);

  /** An operator on each node, and audience members on both (WebSocket and long polling). */
  /**
   * As a client does: a call answered UNAVAILABLE (503) is sent again, a bounded number of times.
   * Around a failover the NAT-mapped node's first calls may time out (see afterEach).
   */
  async function again<T>(call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if (!String(err).includes('503')) throw err;
        if (Date.now() > deadline)
          throw new Error(
            [
              String(err),
              `the Redis nodes now:\n${await handle.cluster.redisCluster.describe()}`,
              `what the nodes logged of WAIT:\n${waitLog().join('\n')}`,
            ].join('\n'),
            { cause: err },
          );
        note('a call answered 503 after a failover; sending it again');
        await sleep(500);
      }
    }
  }

  /** The app nodes' last log lines about WAIT shortfalls (RedisConnection), for a failure's message. */
  const waitLog = (): string[] =>
    handle.cluster
      .logs()
      .split('\n')
      .filter((line) => line.includes('WAIT for'))
      .slice(-12);

  /** A new event, created on app1 (sent again while it answers 503 after a fault). */
  async function newEvent(): Promise<string> {
    const id = newEventId();
    await again(() => createEvent(handle.cluster.nodes[0].url, id));
    return id;
  }

  async function peopleOf(eventId: string, nodes = direct()): Promise<{ ops: Peer[]; audience: Peer[] }> {
    const ops = await Promise.all(
      nodes.map(async (n) => keep(await connectPeer(n.url, await again(() => staffToken(n.url, eventId, 'operator'))))),
    );
    const audience: Peer[] = [];
    for (const node of nodes) {
      for (const transport of ['websocket', 'polling'] as const) {
        const { token } = await again(() => join(node.url, eventId));
        audience.push(keep(await connectPeer(node.url, token, { transport })));
      }
    }
    return { ops, audience };
  }

  it('a poll’s life cycle, the forum and the crash board reach both nodes, each change exactly once', async () => {
    const [, b] = direct();
    const id = await newEvent();
    const { ops, audience } = await peopleOf(id);
    const [opA, opB] = ops;
    const screenB = keep(await connectPeer(b.url, await staffToken(b.url, id, 'screen')));
    const everyone = [...ops, ...audience, screenB];

    // Created on app1 (results shown on reveal), opened on app2, votes on both, closed on app1, revealed on app2.
    await opA.ok('poll:create', { ...singlePoll('p'), results: 'on-reveal' });
    await opB.waitFor<Updated>('poll:updated', (m) => m.poll.id === 'p', 'the draft on app2');
    await opB.ok('poll:open', { pollId: 'p' });
    const is =
      (status: string) =>
      (m: Updated): boolean =>
        m.poll.id === 'p' && m.poll.status === status;
    for (const peer of everyone) await peer.waitFor('poll:updated', is('open'), 'the open poll');
    const expected = { a: 2, b: 1, c: 1 };
    // Everyone votes, then changes their vote: the tally moves, never double counts.
    for (const peer of audience) await peer.ok('poll:vote', { pollId: 'p', optionIds: ['c'] });
    for (const [i, peer] of audience.entries()) {
      await peer.ok('poll:vote', { pollId: 'p', optionIds: [['a', 'b', 'a', 'c'][i]] });
    }
    const exact = (t: Tally): boolean =>
      t.pollId === 'p' && t.total === 4 && Object.entries(expected).every(([o, n]) => t.counts[o] === n);
    for (const peer of [opA, opB, screenB]) await peer.waitFor('poll:tally', exact, 'the tally, on both nodes');
    const closed = await opA.ok<Poll>('poll:close', { pollId: 'p' });
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    for (const peer of everyone) await peer.waitFor('poll:updated', is('closed'), 'the closed poll');
    await opB.ok('poll:reveal', { pollId: 'p' });
    for (const peer of audience) {
      const revealed = await peer.waitFor<Updated>('poll:updated', (m) => m.poll.revealed === true, 'the reveal');
      expect(nonZero(revealed.poll.tally?.counts ?? {})).toEqual(expected);
      // Hidden from the audience until the reveal.
      expect(peer.messages<Updated>('poll:updated').filter((m) => !m.poll.revealed && m.poll.tally)).toEqual([]);
    }

    // The forum: moderated, asked on app2, approved on app1, upvoted from both.
    await opA.ok('qa:settings', { moderation: true });
    const asked = await audience[2].ok<Question>('qa:ask', { text: 'How do the replicas take over?' });
    await opA.waitFor<{ question: Question }>('qa:question', (m) => m.question.id === asked.id, 'pending, on app1');
    await opA.ok('qa:moderate', { questionId: asked.id, action: 'approve' });
    for (const peer of [...audience, screenB]) {
      await peer.waitFor<{ question: Question }>('qa:question', (m) => m.question.status === 'approved', 'approved');
      const pending = peer
        .messages<{ question: Question }>('qa:question')
        .filter((m) => m.question.status !== 'approved');
      expect(pending).toEqual([]);
    }
    for (const peer of audience) await peer.ok('qa:upvote', { questionId: asked.id });
    for (const peer of everyone) {
      const counted = (m: { counts: Record<string, number> }): boolean => m.counts[asked.id] === audience.length;
      await peer.waitFor('qa:upvotes', counted, 'every upvote');
    }

    // The crash board: an entry and a result on app2, seen on app1.
    await opB.ok('crash:entry', { id: 'e1', name: 'Sedan', brand: 'Acme' });
    await opB.ok('crash:result', { id: 'r1', entryId: 'e1', test: 'side', score: 91, stars: 5 });
    const scored = (m: { board: Board }): boolean => m.board.rows.some((r) => r.entryId === 'e1' && r.total === 91);
    for (const peer of [opA, audience[0], audience[1]]) await peer.waitFor('crash:board', scored, 'the board');

    const last = Math.max(...opA.changeSeqs());
    for (const peer of everyone) {
      await peer.until(() => peer.changeSeqs().includes(last), `seq ${last}`);
      expect(peer.changesNotOnce(last)).toEqual([]);
    }
    expect(handle.cluster.unhandledRejections()).toEqual([]);
  }, 60_000);

  it('fault 3: app3 cut from Redis for 10 s: UNAVAILABLE and 503 there, app1 acks on; app3 recovers by itself', async () => {
    syncedOnGap.length = 0;
    const { cluster } = handle;
    const [a, , b] = cluster.nodes;
    const id = await newEvent();
    const { ops, audience } = await peopleOf(id, [a, b]);
    const [opA, opB] = ops;
    const [onA, , onB, onBPolling] = audience;
    await opA.ok('poll:create', singlePoll('p'));
    await opA.ok('poll:open', { pollId: 'p' });
    for (const peer of audience) await peer.waitFor<Updated>('poll:updated', (m) => m.poll.id === 'p', 'p open');

    await Promise.all(proxies.map((p) => p.cut()));
    const cutAt = Date.now();
    await waitStatus(`${b.url}/ready`, 503, 15_000, 'app3 /ready, cut off');
    const onApp3: string[] = [];
    for (let i = 0; i < 40 && Date.now() - cutAt < 10_000; i++) {
      onApp3.push(await outcome(onB, 'poll:vote', { pollId: 'p', optionIds: ['b'] }));
      onApp3.push(await outcome(opB, 'stage:cue', { kind: 'announcement', title: 'Cut off' }));
      expect(await outcome(onA, 'poll:vote', { pollId: 'p', optionIds: [OPTIONS[i % 3]] })).toBe('ok');
      await waitStatus(`${a.url}/ready`, 200, 1000, 'app1 /ready');
      await waitStatus(`${b.url}/ready`, 503, 1000, 'app3 /ready');
      await sleep(300);
    }
    note('fault 3: app3 answered %j while cut off', tally(onApp3));
    expect(tally(onApp3)).toEqual({ UNAVAILABLE: onApp3.length });
    // Changes app3's clients miss (its subscriber is cut off too).
    await opA.ok('stage:cue', { kind: 'announcement', title: 'While app3 is away' });
    await opA.ok('poll:close', { pollId: 'p' });
    for (const peer of [opB, onB, onBPolling]) expect(peer.socket.connected).toBe(true);

    await Promise.all(proxies.map((p) => p.restore()));
    const restoredAt = Date.now();
    await waitStatus(`${b.url}/ready`, 200, 30_000, 'app3 /ready, restored');
    const refused = await untilOk(opB, 'poll:create', singlePoll('q'), 'a change on app3');
    note('fault 3: app3 ready %d ms after the restore; refused then %j', Date.now() - restoredAt, refused);
    // It answers from the store again: p was closed (on app1) while it was away.
    expect(await outcome(onB, 'poll:vote', { pollId: 'p', optionIds: ['a'] })).toBe('POLL_CLOSED');
    await opA.ok('poll:open', { pollId: 'q' });
    const store = await storeView(opA);
    for (const peer of [...ops, ...audience]) {
      await peer.until(() => peer.changeSeqs().includes(store.seq), `seq ${store.seq}`, 20_000);
      expect(peer.states()).toHaveLength(1);
      expect(await clientView(peer)).toEqual(store);
    }
    expect(store.polls).toEqual({ p: 'closed', q: 'open' });
    note('fault 3: synced on a seq gap: %j (app3 is %s)', syncedOnGap.splice(0), b.url);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 90_000);

  it('fault 2: the primary of the event’s broadcast channel killed: broadcasts resume, clients converge', async () => {
    const { cluster } = handle;
    const redis = cluster.redisCluster;
    const id = await newEvent();
    const { ops, audience } = await peopleOf(id);
    const [opA, opB] = ops;
    const everyone = [...ops, ...audience];
    for (const poll of ['p1', 'p2']) {
      await opA.ok('poll:create', singlePoll(poll));
      await opA.ok('poll:open', { pollId: poll });
    }
    for (const peer of everyone) await peer.waitFor<Updated>('poll:updated', (m) => m.poll.id === 'p2', 'p2 open');
    const { channel, primary: victim } = await broadcastChannel(cluster, id);
    // With one channel per event (on the slot of the event's keys) this is the data primary too: the
    // changes made in the gap are refused then, and writes wait for the killed node back as a replica.
    const sameAsData = victim === (await redis.primaryFor(seqKey(id)));
    note('fault 2: %s on %d, the data primary too: %s', channel, victim, sameAsData);

    await killRedis(victim);
    // Changes meanwhile: each answered, ok or UNAVAILABLE; their broadcasts may be lost.
    const gap = [
      await outcome(opA, 'poll:close', { pollId: 'p1' }),
      await outcome(opB, 'stage:cue', { kind: 'announcement', title: 'During the failover' }),
    ];
    expect(gap.filter((got) => got !== 'ok' && got !== 'UNAVAILABLE')).toEqual([]);
    const killedAt = Date.now();
    const successor = await redis.waitForFailover(channel, victim, 30_000);
    note('fault 2: changes in the gap %j; failover after %d ms', gap, Date.now() - killedAt);
    if (sameAsData) await restartRedis(victim);
    // Each node subscribes again by itself, on the new primary.
    await waitSubscribers(successor, channel, direct().length);

    // Later changes, made on one node, reach the clients of both without reconnecting (whatever
    // became of the changes made in the gap).
    await untilOk(opA, 'poll:close', { pollId: 'p2' }, 'close p2 on app1');
    const p2 = (m: Updated): boolean => m.poll.id === 'p2' && m.poll.status === 'closed';
    for (const peer of everyone) await peer.waitFor('poll:updated', p2, 'p2 closed, after the failover');
    await untilOk(opB, 'poll:create', singlePoll('p3'), 'create p3 on app2');
    await opB.ok('poll:open', { pollId: 'p3' });
    const p3 = (m: Updated): boolean => m.poll.id === 'p3' && m.poll.status === 'open';
    for (const peer of everyone) await peer.waitFor('poll:updated', p3, 'p3 open, after the failover');
    const opened = await opB.waitFor<Updated>('poll:updated', p3, 'p3 open');
    const store = await storeView(opA);
    expect(store.seq).toBe(opened.seq);
    for (const peer of everyone) {
      await peer.until(() => peer.changeSeqs().includes(store.seq), `seq ${store.seq}`);
      expect(peer.states()).toHaveLength(1);
      expect(await clientView(peer)).toEqual(store);
    }
    expect(store.polls).toMatchObject({ p2: 'closed', p3: 'open' });
    note('fault 2: synced on a seq gap: %j', syncedOnGap.splice(0));
    if (!sameAsData) await restartRedis(victim);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 120_000);

  // Fault 1 runs last: in 2 of 4 CI runs, after it (a primary killed in a vote storm, then back as
  // a replica) app1 could not make a durable write of a new event for over a minute although every
  // replica was online and in sync (see the notes; its WAIT answers are now logged). Until that is
  // understood, the other faults start from a cluster it has not been through.
  it('fault 1: the primary of the event’s slot killed mid-storm: no false ok, only UNAVAILABLE meanwhile, back by itself', async () => {
    const { cluster } = handle;
    const redis = cluster.redisCluster;
    const id = await newEvent();
    const { ops } = await peopleOf(id);
    await ops[0].ok('poll:create', singlePoll('storm'));
    await ops[1].ok('poll:open', { pollId: 'storm' });
    const people = await crowd(cluster, id, 'storm', 40);
    for (const p of people) keep(p.peer);
    const victim = await redis.primaryFor(seqKey(id));

    // Everyone votes again and again, each vote answered (or NO_ANSWER), until the storm stops.
    let acked = 0;
    let storming = true;
    const storm = async (person: Person): Promise<void> => {
      const deadline = Date.now() + 90_000;
      for (let n = 0; n < 300 && storming && Date.now() < deadline; n++) {
        const option = OPTIONS[Math.floor(Math.random() * OPTIONS.length)];
        person.history.push({ kind: 'sent', option });
        const got = await outcome(person.peer, 'poll:vote', { pollId: 'storm', optionIds: [option] });
        if (got === 'ok') {
          person.history.push({ kind: 'acked', option });
          acked += 1;
        } else person.refused.push(got);
        await sleep(100 + Math.random() * 300);
      }
    };
    const stormed = Promise.all(people.map(storm));
    try {
      for (let i = 0; i < 300 && acked < people.length; i++) await sleep(100);
      expect(acked).toBeGreaterThanOrEqual(people.length);
      const killedAt = Date.now();
      await killRedis(victim);
      const successor = await redis.waitForFailover(seqKey(id), victim, 30_000);
      note('fault 1: failover after %d ms', Date.now() - killedAt);
      // The new primary has no replica yet: no write can be made durable there, none may be acked ok.
      await expect(redis.replicaOf(successor)).rejects.toThrow();
      const ackedAtFailover = acked;
      await sleep(1500);
      storming = false;
      await stormed;
      expect(acked).toBe(ackedAtFailover);
    } finally {
      storming = false;
      await stormed;
    }
    // Every vote met the gap answered, and only UNAVAILABLE.
    const refusals = people.flatMap((p) => p.refused);
    note('fault 1: storm refusals %j', tally(refusals));
    expect(refusals.length).toBeGreaterThan(0);
    // With what the nodes logged of any INTERNAL, so that a failure says which error it was.
    const internals = cluster
      .logs()
      .split('\n')
      .filter((line) => line.includes('"level":"error"') && line.includes('"context":"Commands"'));
    expect({ refusals: tally(refusals), internals }).toEqual({
      refusals: { UNAVAILABLE: refusals.length },
      internals: [],
    });
    // Reads need no replica: they come back by themselves, no node restarted.
    const stoppedAt = Date.now();
    for (const op of ops)
      expect(tally(await untilOk(op, 'state:sync', {}, 'a snapshot'))).not.toHaveProperty('INTERNAL');
    note('fault 1: snapshots ok %d ms after the storm stopped', Date.now() - stoppedAt);

    // The killed node rejoins as the replica of its successor: writes are acked again, no app node restarted.
    const successor = await redis.primaryFor(seqKey(id));
    await restartRedis(victim);
    expect(await redis.replicaOf(successor)).toBe(victim);
    const restartedAt = Date.now();
    for (const p of [people[0], people[2]]) await castVote(p, 'storm', 'a');
    for (const op of ops) await untilOk(op, 'state:sync', {}, 'a snapshot after the restart');
    note('fault 1: ok again %d ms after the restart', Date.now() - restartedAt);

    // Who was refused last sends that vote again until it is acked: then it must count.
    const votes = (p: Person): Entry[] => p.history.filter((e) => e.kind !== 'state');
    const unsettled = people.filter((p) => votes(p).pop()?.kind !== 'acked');
    await inBatches(unsettled, 20, (p) => castVote(p, 'storm', votes(p).pop()?.option ?? 'a'));
    const allRefusals = people.flatMap((p) => p.refused);
    expect(tally(allRefusals)).toEqual({ UNAVAILABLE: allRefusals.length });
    const expected = tallyOfAcked(people);
    const closed = await ops[0].ok<Poll>('poll:close', { pollId: 'storm' });
    expect(closed.tally?.total).toBe(people.length);
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    for (const op of ops) {
      const seen = (await op.ok<State>('state:sync', {})).polls.find((p) => p.id === 'storm');
      expect(nonZero(seen?.tally?.counts ?? {})).toEqual(expected);
    }
    // Each person's stored vote is their last acked one.
    await inBatches(people, 20, async (p) => {
      const mine = await p.peer.ok<State>('state:sync', {});
      expect({ who: p.audienceId, vote: mine.myVotes.storm }).toEqual({
        who: p.audienceId,
        vote: { optionIds: [lastAcked(p.history)] },
      });
    });
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 150_000);
});
