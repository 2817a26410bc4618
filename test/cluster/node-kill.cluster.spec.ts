import type { AppNode } from './processes.js';
import { useCluster } from './cluster.js';
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
  type Peer,
  type Poll,
  type State,
} from './peers.js';

const PEOPLE = 300;
const VOTES_EACH = 3;
/** The node dies once this many votes were acked: a third into the storm. */
const KILL_AFTER = (PEOPLE * VOTES_EACH) / 3;

/** What one person saw and did, in order: votes sent and acked, snapshots received. */
type Entry = { kind: 'sent' | 'acked'; option: string } | { kind: 'state'; me: string | null; option: string | null };

interface Person {
  audienceId: string;
  peer: Peer;
  /** The node that served the first connection. */
  home: AppNode;
  history: Entry[];
}

const lastAcked = (history: Entry[]): string | null => history.filter((e) => e.kind === 'acked').pop()?.option ?? null;

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

    // Half connect to a node directly (failing over to the others' URLs), half through nginx.
    const affinities = await cluster.affinities(Math.ceil(PEOPLE / 2 / cluster.nodes.length));
    const people = await inBatches(Array.from({ length: PEOPLE }), 25, async (_, i): Promise<Person> => {
      const home = cluster.nodes[Math.floor(i / 2) % cluster.nodes.length];
      const joined = await join(home.url, id, ['DE', 'CN', 'BR', 'JP'][i % 4]);
      const transport = i % 4 === 1 ? 'polling' : 'websocket';
      const others = cluster.nodes.filter((n) => n !== home).map((n) => n.url);
      const peer =
        i % 2 === 0
          ? await connectPeer(home.url, joined.token, { transport, fallbacks: i % 4 === 0 ? others : others.reverse() })
          : await connectPeer(cluster.nginx.url, joined.token, { transport, affinity: affinities.get(home)?.pop() });
      keep(peer);
      const history: Entry[] = [];
      const record = (state: State): void => {
        history.push({ kind: 'state', me: state.me?.id ?? null, option: state.myVotes.storm?.optionIds?.[0] ?? null });
      };
      for (const state of peer.states()) record(state);
      peer.observe((event, payload) => {
        if (event === 'state') record(payload as State);
      });
      return { audienceId: joined.audienceId, peer, home, history };
    });

    let acked = 0;
    const kills: Promise<void>[] = [];
    const refused: string[] = [];
    /** One person's votes, one at a time; a vote whose ack is lost is sent again once reconnected. */
    const storm = async (person: Person): Promise<void> => {
      for (let n = 0; n < VOTES_EACH; n++) {
        const option = OPTIONS[Math.floor(Math.random() * OPTIONS.length)];
        let done = false;
        for (let attempt = 0; attempt < 12 && !done; attempt++) {
          await person.peer.connected(30_000).catch(() => undefined);
          person.history.push({ kind: 'sent', option });
          const ack = await person.peer.send('poll:vote', { pollId: 'storm', optionIds: [option] }).catch(() => null);
          if (ack === null) continue;
          if (!ack.ok) {
            refused.push(`${person.audienceId}: ${ack.error.code}`);
            continue;
          }
          person.history.push({ kind: 'acked', option });
          done = true;
          if (++acked >= KILL_AFTER && kills.length === 0) kills.push(victim.kill('SIGKILL'));
        }
        if (!done) throw new Error(`${person.audienceId} could not vote: ${JSON.stringify(person.history)}`);
      }
    };
    await Promise.all(people.map(storm));
    expect(kills).toHaveLength(1);
    await Promise.all(kills);
    expect(victim.running).toBe(false);
    expect(refused).toEqual([]);

    // The final tally is exactly each person's last acked vote: none lost, none counted twice.
    const expected: Record<string, number> = {};
    for (const p of people) {
      const option = lastAcked(p.history) ?? 'none';
      expected[option] = (expected[option] ?? 0) + 1;
    }
    const closed = await op.ok<Poll>('poll:close', { pollId: 'storm' });
    expect(closed.tally?.total).toBe(PEOPLE);
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    const seenOnC = (await screen.ok<State>('state:sync', {})).polls.find((p) => p.id === 'storm');
    expect(nonZero(seenOnC?.tally?.counts ?? {})).toEqual(expected);

    // The killed node's clients: back on another node, as themselves, every snapshot consistent.
    const moved = people.filter((p) => p.home === victim);
    expect(moved.length).toBe(PEOPLE / cluster.nodes.length);
    await inBatches(moved, 25, async (p) => {
      await p.peer.connected(30_000);
      expect(p.peer.url).not.toBe(victim.url);
      const snapshots = p.history.filter((e) => e.kind === 'state');
      expect(snapshots.length).toBeGreaterThanOrEqual(2);
      for (const [i, entry] of p.history.entries()) {
        if (entry.kind !== 'state') continue;
        expect(entry.me).toBe(p.audienceId);
        // A snapshot holds the last acked vote, or the one in flight when it was taken.
        const before = p.history.slice(0, i);
        const inFlight = before.filter((e) => e.kind === 'sent').pop()?.option ?? null;
        expect([lastAcked(before), inFlight]).toContain(entry.option);
      }
      const synced = await p.peer.ok<State>('state:sync', {});
      expect(synced.me?.id).toBe(p.audienceId);
      expect(synced.myVotes.storm).toEqual({ optionIds: [lastAcked(p.history)] });
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
