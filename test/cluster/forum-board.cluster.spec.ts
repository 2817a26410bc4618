import { QA_ASK_LIMIT, useCluster } from './cluster.js';
import {
  connectPeer,
  createEvent,
  join,
  newEventId,
  nonZero,
  staffToken,
  type Board,
  type Peer,
  type Question,
} from './peers.js';

describe('cluster: the forum and the crash board across nodes', () => {
  const handle = useCluster();
  const { keep } = handle;

  it('questions, moderation, upvotes and the board reach clients of every node, each change exactly once', async () => {
    const { cluster } = handle;
    const [a, b, c] = cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const op = keep(await connectPeer(a.url, await staffToken(a.url, id, 'operator')));
    const opOnC = keep(await connectPeer(c.url, await staffToken(c.url, id, 'operator'), { transport: 'polling' }));
    const affinities = await cluster.affinities(1);

    // Two people on every node (directly over WebSocket, through nginx over polling), a screen on each.
    const audience: { peer: Peer; where: string }[] = [];
    const screens: { peer: Peer; where: string }[] = [];
    for (const node of cluster.nodes) {
      const direct = await join(node.url, id);
      audience.push({ peer: keep(await connectPeer(node.url, direct.token)), where: `${node.id} direct` });
      const routed = await join(cluster.nginx.url, id);
      const affinity = affinities.get(node)?.[0];
      const peer = keep(await connectPeer(cluster.nginx.url, routed.token, { transport: 'polling', affinity }));
      audience.push({ peer, where: `${node.id} through nginx` });
      const screen = keep(await connectPeer(node.url, await staffToken(node.url, id, 'screen')));
      screens.push({ peer: screen, where: `${node.id} screen` });
    }
    // One person with two devices: on node B (who asks) and on node C.
    const asker = await join(b.url, id, 'JP');
    const askerOnB = keep(await connectPeer(b.url, asker.token));
    const askerOnC = keep(await connectPeer(c.url, asker.token, { transport: 'polling' }));
    const publicSide = [...audience, ...screens];
    const everyone = [
      ...publicSide,
      { peer: op, where: 'operator on A' },
      { peer: opOnC, where: 'operator on C' },
      { peer: askerOnB, where: 'asker on B' },
      { peer: askerOnC, where: 'asker on C' },
    ];

    // One channel per event (on the slot of its keys), never one per room or per person.
    const channels = await cluster.adapterChannels();
    expect(channels).toContain(`summit#/#{ev:${id}}#`);
    expect(channels.filter((ch) => ch.includes('ev:') && !/^summit#\/#\{ev:[a-z0-9-]+\}#$/.test(ch))).toEqual([]);
    // Besides: the broadcasts of no one event, and each node's responses.
    expect(channels.filter((ch) => !ch.includes('ev:'))).toHaveLength(1 + cluster.nodes.length);

    const questionIs = (
      peer: Peer,
      event: 'qa:question' | 'qa:mine',
      qid: string,
      status: Question['status'],
      what: string,
    ): Promise<{ question: Question }> =>
      peer.waitFor<{ question: Question }>(event, (m) => m.question.id === qid && m.question.status === status, what);

    // Moderation on (from node A), a question asked on node B: pending, for operators and its author only.
    await op.ok('qa:settings', { moderation: true });
    for (const { peer, where } of everyone) {
      await peer.waitFor<{ moderation: boolean }>('qa:settings', (m) => m.moderation, `moderation on, at ${where}`);
    }
    const asked = await askerOnB.ok<Question>('qa:ask', { text: 'Which car scored best in the side impact test?' });
    expect(asked.status).toBe('pending');
    await questionIs(opOnC, 'qa:question', asked.id, 'pending', 'the pending question, at the operator on C');
    await questionIs(askerOnC, 'qa:mine', asked.id, 'pending', 'their own pending question, on the other device');

    // Approved on node A: every client of every node sees it, the author's devices both hear of it.
    expect((await op.ok<Question>('qa:moderate', { questionId: asked.id, action: 'approve' })).status).toBe('approved');
    for (const { peer, where } of everyone) {
      await questionIs(peer, 'qa:question', asked.id, 'approved', `the approved question, at ${where}`);
    }
    for (const peer of [askerOnB, askerOnC]) await questionIs(peer, 'qa:mine', asked.id, 'approved', 'qa:mine');
    // Public clients never saw it pending.
    for (const { peer, where } of publicSide) {
      const pending = peer
        .messages<{ question: Question }>('qa:question')
        .filter((m) => m.question.status === 'pending');
      expect({ where, pending }).toEqual({ where, pending: [] });
    }

    // A second question, through nginx to node C, approved from node C.
    const second = await audience[5].peer.ok<Question>('qa:ask', { text: 'Will the results be published after?' });
    await opOnC.ok('qa:moderate', { questionId: second.id, action: 'approve' });

    // Upvotes from every node: each person counts once, an unvote takes one back.
    for (const [i, { peer }] of audience.entries()) {
      await peer.ok('qa:upvote', { questionId: asked.id });
      if (i % 2 === 0) await peer.ok('qa:upvote', { questionId: second.id });
    }
    await audience[0].peer.ok('qa:upvote', { questionId: asked.id });
    await audience[1].peer.ok('qa:upvote', { questionId: second.id });
    await audience[1].peer.ok('qa:unvote', { questionId: second.id });
    await askerOnC.ok('qa:upvote', { questionId: second.id });
    const upvotes = { [asked.id]: audience.length, [second.id]: audience.length / 2 + 1 };
    for (const { peer, where } of everyone) {
      const last = await peer
        .waitFor<{ counts: Record<string, number> }>(
          'qa:upvotes',
          (m) => m.counts[asked.id] === upvotes[asked.id] && m.counts[second.id] === upvotes[second.id],
          `the upvote counts, at ${where}`,
        )
        .catch((err: Error) => {
          throw new Error(`${err.message}; last ${JSON.stringify(peer.messages('qa:upvotes').pop())}`);
        });
      expect({ where, counts: nonZero(last.counts) }).toEqual({ where, counts: upvotes });
    }

    // The crash board: entries and a result from node C reach every node; the same result again
    // changes nothing (no seq, no broadcast).
    await opOnC.ok('crash:entry', { id: 'e1', name: 'Sedan', brand: 'Acme' });
    await opOnC.ok('crash:entry', { id: 'e2', name: 'Hatch', brand: 'Bolt' });
    const result = { id: 'r1', entryId: 'e2', test: 'side', score: 87.5, stars: 5 };
    await opOnC.ok('crash:result', result);
    const withResult = (m: { seq: number; board: Board }): boolean =>
      m.board.rows.some((r) => r.rank === 1 && r.entryId === 'e2' && r.total === 87.5);
    const scored = await op.waitFor('crash:board', withResult, 'the board with the result, at the operator on A');
    await op.ok('crash:result', result);
    // The next change from node A takes the next seq: the same result again raised none.
    await op.ok('stage:cue', { kind: 'announcement', title: 'Results are in' });
    const cue = await op.waitFor<{ seq: number; cue: { title?: string } }>(
      'stage:cue',
      (m) => m.cue.title === 'Results are in',
      'the cue, at the operator on A',
    );
    expect(cue.seq).toBe(scored.seq + 1);
    for (const { peer, where } of everyone) {
      const shown = await peer.waitFor('crash:board', withResult, `the board with the result, at ${where}`);
      expect({ where, entries: shown.board.rows.map((r) => r.entryId).sort() }).toEqual({
        where,
        entries: ['e1', 'e2'],
      });
    }

    // Each change reached each client exactly once: its view or state:seq, never twice, no gap.
    const last = Math.max(...op.changeSeqs());
    for (const { peer, where } of everyone) {
      await peer.until(() => peer.changeSeqs().includes(last), `seq ${last}, at ${where}`);
      expect({ where, wrong: peer.changesNotOnce(last) }).toEqual({ where, wrong: [] });
    }
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 120_000);

  it('the ask limit counts a person’s questions on every node together', async () => {
    const { cluster } = handle;
    const id = newEventId();
    await createEvent(cluster.nodes[1].url, id);
    const person = await join(cluster.nodes[0].url, id);
    const onEach = await Promise.all(cluster.nodes.map(async (n) => keep(await connectPeer(n.url, person.token))));
    const routed = keep(await connectPeer(cluster.nginx.url, person.token, { affinity: 'ask-limit' }));

    // The limit's asks spread over the nodes in turn: every one is accepted.
    for (let i = 0; i < QA_ASK_LIMIT; i++) {
      await onEach[i % onEach.length].ok('qa:ask', { text: `Question number ${i + 1} from one person` });
    }
    // One more, on any node or through nginx: refused.
    for (const peer of [...onEach, routed]) {
      const ack = await peer.send('qa:ask', { text: 'One question too many' });
      expect({ at: peer.url, ack }).toMatchObject({
        at: peer.url,
        ack: { ok: false, error: { code: 'RATE_LIMITED' } },
      });
    }
    // Another person is not limited by the first.
    const other = keep(await connectPeer(cluster.nodes[2].url, (await join(cluster.nodes[2].url, id)).token));
    await other.ok('qa:ask', { text: 'A question from someone else' });
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 60_000);
});
