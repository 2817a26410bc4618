import { useCluster } from './cluster.js';
import {
  api,
  connectPeer,
  createEvent,
  join,
  newEventId,
  nonZero,
  OPTIONS,
  singlePoll,
  staffToken,
  type Peer,
  type Poll,
  type State,
  type Tally,
  type Transport,
} from './peers.js';

const TRANSPORTS: Transport[] = ['websocket', 'polling'];

describe('cluster: three node processes, one Redis, nginx in front', () => {
  const handle = useCluster();
  const { keep } = handle;

  it('a change on node A reaches clients of every node, directly and through nginx, over both transports; tallies are exact everywhere', async () => {
    const { cluster } = handle;
    const a = cluster.nodes[0];
    const id = newEventId();
    await createEvent(a.url, id);
    const op = keep(await connectPeer(a.url, await staffToken(a.url, id, 'operator')));
    const affinities = await cluster.affinities(TRANSPORTS.length);

    // Audience on every node over each transport, directly and through nginx; a screen on each node.
    const audience: { peer: Peer; where: string }[] = [];
    const screens: { peer: Peer; where: string }[] = [];
    for (const node of cluster.nodes) {
      const keys = affinities.get(node) ?? [];
      for (const [i, transport] of TRANSPORTS.entries()) {
        const direct = await join(node.url, id);
        const where = `${node.id} ${transport}`;
        audience.push({
          peer: keep(await connectPeer(node.url, direct.token, { transport })),
          where: `${where} direct`,
        });
        const routed = await join(cluster.nginx.url, id);
        const peer = keep(await connectPeer(cluster.nginx.url, routed.token, { transport, affinity: keys[i] }));
        audience.push({ peer, where: `${where} through nginx` });
      }
      const screen = keep(
        await connectPeer(node.url, await staffToken(node.url, id, 'screen'), { transport: 'polling' }),
      );
      screens.push({ peer: screen, where: `${node.id} screen` });
    }
    const everyone = [...audience, ...screens, { peer: op, where: 'operator' }];

    // State changes, sent to node A only, cross to every node.
    expect((await op.ok<Poll>('poll:create', singlePoll('p'))).status).toBe('draft');
    expect((await op.ok<Poll>('poll:open', { pollId: 'p' })).status).toBe('open');
    await op.ok('stage:cue', { kind: 'announcement', title: 'Across the cluster' });
    const seqs = new Set<number>();
    for (const { peer, where } of everyone) {
      const opened = await peer.waitFor<{ seq: number; poll: Poll }>(
        'poll:updated',
        (u) => u.poll.id === 'p' && u.poll.status === 'open',
        `poll p opened, at ${where}`,
      );
      seqs.add(opened.seq);
      await peer.waitFor<{ cue: { title?: string } }>(
        'stage:cue',
        (c) => c.cue.title === 'Across the cluster',
        `the cue, at ${where}`,
      );
    }
    // One change, one seq, the same on every node.
    expect(seqs.size).toBe(1);

    // Counters: every node's ticker sends the exact tally to its own sockets.
    const expected: Record<string, number> = {};
    for (const [i, { peer }] of audience.entries()) {
      const option = OPTIONS[[0, 0, 0, 1, 1, 2][i % 6]];
      await peer.ok('poll:vote', { pollId: 'p', optionIds: [option] });
      expected[option] = (expected[option] ?? 0) + 1;
    }
    for (const { peer, where } of everyone) {
      const tally = await peer
        .waitFor<Tally>(
          'poll:tally',
          (t) => t.pollId === 'p' && t.total === audience.length,
          `the full tally, at ${where}`,
        )
        .catch((err: Error) => {
          const last = peer.messages<Tally>('poll:tally').pop();
          throw new Error(`${err.message}; last tally ${JSON.stringify(last)}`);
        });
      expect({ where, counts: nonZero(tally.counts) }).toEqual({ where, counts: expected });
    }
    const closed = await op.ok<Poll>('poll:close', { pollId: 'p' });
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 120_000);

  it('a person who moves from node A to node B stays the same person: same me, same votes, a new vote replaces', async () => {
    const { cluster } = handle;
    const [a, b, c] = cluster.nodes;
    const id = newEventId();
    await createEvent(b.url, id);
    const op = keep(await connectPeer(c.url, await staffToken(c.url, id, 'operator')));
    await op.ok('poll:create', singlePoll('p'));
    await op.ok('poll:open', { pollId: 'p' });
    const tallyIs = (total: number, counts: Record<string, number>, what: string): Promise<Tally> =>
      op.waitFor<Tally>(
        'poll:tally',
        (t) => t.pollId === 'p' && t.total === total && JSON.stringify(nonZero(t.counts)) === JSON.stringify(counts),
        what,
      );

    const person = await join(a.url, id, 'FR');
    const onA = keep(await connectPeer(a.url, person.token));
    expect(onA.states()[0].me?.id).toBe(person.audienceId);
    await onA.ok('poll:vote', { pollId: 'p', optionIds: ['a'] });
    await tallyIs(1, { a: 1 }, 'the vote cast on node A');
    onA.close();

    // Node B, another transport: the same person, with the vote cast on node A.
    const onB = keep(await connectPeer(b.url, person.token, { transport: 'polling' }));
    const seenOnB = onB.states()[0];
    expect(seenOnB.me?.id).toBe(person.audienceId);
    expect(seenOnB.myVotes).toEqual({ p: { optionIds: ['a'] } });
    expect(seenOnB.polls.find((p) => p.id === 'p')?.tally).toMatchObject({ total: 1, counts: { a: 1 } });
    await onB.ok('poll:vote', { pollId: 'p', optionIds: ['b'] });
    await tallyIs(1, { b: 1 }, 'the vote replaced from node B');

    // A second device through nginx, led to node C, while the first stays on node B.
    const toC = (await cluster.affinities(1)).get(c)?.[0];
    const onC = keep(await connectPeer(cluster.nginx.url, person.token, { affinity: toC }));
    expect(onC.states()[0].me?.id).toBe(person.audienceId);
    expect(onC.states()[0].myVotes).toEqual({ p: { optionIds: ['b'] } });
    await onC.ok('poll:vote', { pollId: 'p', optionIds: ['c'] });
    await tallyIs(1, { c: 1 }, 'the vote replaced through nginx');
    await onB.waitFor<Tally>('poll:tally', (t) => t.pollId === 'p' && t.counts.c === 1, 'the tally on node B');
    const synced = await onB.ok<State>('state:sync', {});
    expect(synced.myVotes).toEqual({ p: { optionIds: ['c'] } });
    const rest = await api<State>(a.url, 'GET', `/api/events/${id}/state`, undefined, person.token);
    expect(rest.body.me?.id).toBe(person.audienceId);

    const closed = await op.ok<Poll>('poll:close', { pollId: 'p' });
    expect(closed.tally).toMatchObject({ total: 1 });
    expect(nonZero(closed.tally?.counts ?? {})).toEqual({ c: 1 });
    // Never counted twice, at any moment the operator saw.
    const totals = op
      .messages<Tally>('poll:tally')
      .filter((t) => t.pollId === 'p')
      .map((t) => t.total);
    expect(Math.max(...totals)).toBe(1);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 120_000);
});
