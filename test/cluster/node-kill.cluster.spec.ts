import { useCluster } from './cluster.js';
import {
  connectPeer,
  createEvent,
  inBatches,
  newEventId,
  nonZero,
  OPTIONS,
  singlePoll,
  staffToken,
  type Poll,
  type State,
} from './peers.js';
import { castVote, crowd, expectSelf, tallyOfAcked, type Person } from './vote-storm.js';

const PEOPLE = 300;
const VOTES_EACH = 3;
/** The node dies once this many votes were acked: a third into the storm. */
const KILL_AFTER = (PEOPLE * VOTES_EACH) / 3;

describe('cluster: a node killed with SIGKILL during a vote storm', () => {
  const handle = useCluster();
  const { keep } = handle;

  it('keeps every acked vote; the killed node’s clients come back on the others as themselves and converge', async () => {
    const { cluster } = handle;
    const [a, victim, c] = cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const op = keep(await connectPeer(a.url, await staffToken(a.url, id, 'operator')));
    const screen = keep(await connectPeer(c.url, await staffToken(c.url, id, 'screen')));
    await op.ok('poll:create', singlePoll('storm'));
    await op.ok('poll:open', { pollId: 'storm' });

    const people = await crowd(cluster, id, 'storm', PEOPLE);
    for (const p of people) keep(p.peer);

    let acked = 0;
    const kills: Promise<number | null>[] = [];
    /** One person's votes, one at a time; a vote whose ack is lost is sent again once reconnected. */
    const storm = async (person: Person): Promise<void> => {
      for (let n = 0; n < VOTES_EACH; n++) {
        await castVote(person, 'storm', OPTIONS[Math.floor(Math.random() * OPTIONS.length)]);
        if (++acked >= KILL_AFTER && kills.length === 0) kills.push(victim.kill('SIGKILL'));
      }
    };
    await Promise.all(people.map(storm));
    expect(kills).toHaveLength(1);
    await Promise.all(kills);
    expect(victim.running).toBe(false);
    expect(people.flatMap((p) => p.refused)).toEqual([]);

    const expected = tallyOfAcked(people);
    const closed = await op.ok<Poll>('poll:close', { pollId: 'storm' });
    expect(closed.tally?.total).toBe(PEOPLE);
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    const seenOnC = (await screen.ok<State>('state:sync', {})).polls.find((p) => p.id === 'storm');
    expect(nonZero(seenOnC?.tally?.counts ?? {})).toEqual(expected);

    // The killed node's clients: back on another node, as themselves, every snapshot consistent.
    const moved = people.filter((p) => p.home === victim);
    expect(moved.length).toBe(PEOPLE / cluster.nodes.length);
    await inBatches(moved, 25, async (p) => {
      await expectSelf(p, 'storm');
      expect(p.peer.url).not.toBe(victim.url);
      expect(p.history.filter((e) => e.kind === 'state').length).toBeGreaterThanOrEqual(2);
    });

    // Back to three: the restarted node serves the same, final state.
    await victim.start();
    const late = keep(await connectPeer(victim.url, await staffToken(victim.url, id, 'screen')));
    const poll = late.states()[0].polls.find((p) => p.id === 'storm');
    expect(poll?.status).toBe('closed');
    expect(nonZero(poll?.tally?.counts ?? {})).toEqual(expected);
    expect(cluster.unhandledRejections()).toEqual([]);
  }, 240_000);
});
