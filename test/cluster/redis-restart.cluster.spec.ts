import { useCluster } from './cluster.js';
import { status } from './processes.js';
import {
  api,
  connectPeer,
  createEvent,
  join,
  newEventId,
  nonZero,
  singlePoll,
  staffToken,
  type Peer,
  type Poll,
  type State,
  type Tally,
} from './peers.js';

describe('cluster: Redis shut down and restarted (AOF)', () => {
  const handle = useCluster();
  const { keep } = handle;

  it('answers UNAVAILABLE and 503 on every node while Redis is away, then every node recovers by itself with every acked vote and broadcasts cross nodes again', async () => {
    const { cluster } = handle;
    const [a, , c] = cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    // An operator and two people on every node; one more person through nginx.
    const ops = await Promise.all(
      cluster.nodes.map(async (n) => keep(await connectPeer(n.url, await staffToken(n.url, id, 'operator')))),
    );
    const people: Peer[] = [];
    for (const node of cluster.nodes) {
      for (const transport of ['websocket', 'polling'] as const) {
        people.push(keep(await connectPeer(node.url, (await join(node.url, id)).token, { transport })));
      }
    }
    const routed = await join(cluster.nginx.url, id);
    people.push(keep(await connectPeer(cluster.nginx.url, routed.token, { affinity: 'redis-restart' })));
    const onC = people[4];
    await ops[0].ok('poll:create', singlePoll('p'));
    await ops[0].ok('poll:open', { pollId: 'p' });
    const expected: Record<string, number> = { a: 0, b: 0 };
    for (const [i, person] of people.entries()) {
      const option = i % 3 === 0 ? 'b' : 'a';
      await person.ok('poll:vote', { pollId: 'p', optionIds: [option] });
      expected[option]++;
    }

    await cluster.redis.stop();
    await cluster.readyOnAll(503);
    // nginx passes the nodes' 503 on, request after request: an answer, not a node that is gone
    // (counted as a failure, it would take every node out and answer 502 "no live upstreams").
    for (let i = 0; i < 4; i++) expect(await status(`${cluster.nginx.url}/ready`)).toBe(503);
    for (const [i, person] of people.entries()) {
      const ack = await person.send('poll:vote', { pollId: 'p', optionIds: ['c'] });
      expect({ person: i, ack }).toMatchObject({ person: i, ack: { ok: false, error: { code: 'UNAVAILABLE' } } });
    }
    for (const op of ops) {
      for (const [event, payload] of [
        ['poll:close', { pollId: 'p' }],
        ['poll:create', singlePoll('q')],
        ['stage:cue', { kind: 'announcement', title: 'While Redis is away' }],
      ] as const) {
        const ack = await op.send(event, payload);
        expect({ at: op.url, event, ack }).toMatchObject({
          at: op.url,
          event,
          ack: { ok: false, error: { code: 'UNAVAILABLE' } },
        });
      }
    }
    for (const node of cluster.nodes)
      expect((await api(node.url, 'POST', `/api/events/${id}/join`, {})).status).toBe(503);
    for (const peer of [...ops, ...people]) expect(peer.socket.connected).toBe(true);

    await cluster.redis.launch();
    // No restart, no help: every node finds Redis again by itself.
    await cluster.readyOnAll(200);
    // No node was taken out of nginx's upstream meanwhile: it answers at once.
    expect(await status(`${cluster.nginx.url}/ready`)).toBe(200);

    // Every acked vote survived (AOF), none of the refused ones was stored.
    const seen = (await ops[2].ok<State>('state:sync', {})).polls.find((p) => p.id === 'p');
    expect(seen?.status).toBe('open');
    expect(seen?.tally).toMatchObject({ total: people.length, counts: expected });

    // The adapter subscribed again: a change sent to node A reaches clients of node C and nginx.
    await ops[0].ok('stage:cue', { kind: 'announcement', title: 'Redis is back' });
    for (const peer of [ops[2], onC, people[people.length - 1]]) {
      await peer.waitFor<{ cue: { title?: string } }>(
        'stage:cue',
        (m) => m.cue.title === 'Redis is back',
        'the cue after the restart',
      );
    }
    await ops[0].ok('poll:create', singlePoll('q'));
    await ops[2].waitFor<{ poll: Poll }>('poll:updated', (m) => m.poll.id === 'q', 'the draft poll on node C');
    await ops[0].ok('poll:open', { pollId: 'q' });
    await onC.waitFor<{ poll: Poll }>(
      'poll:updated',
      (m) => m.poll.id === 'q' && m.poll.status === 'open',
      'the open poll on node C',
    );

    // Votes flow again everywhere, and counters reach node C.
    for (const person of people) await person.ok('poll:vote', { pollId: 'p', optionIds: ['c'] });
    await onC.waitFor<Tally>(
      'poll:tally',
      (t) => t.pollId === 'p' && t.counts.c === people.length,
      'the tally on node C',
    );
    const closed = await ops[1].ok<Poll>('poll:close', { pollId: 'p' });
    expect(nonZero(closed.tally?.counts ?? {})).toEqual({ c: people.length });
    expect(c.running && a.running).toBe(true);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 180_000);
});
