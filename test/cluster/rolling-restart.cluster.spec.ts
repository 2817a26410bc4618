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
import { sleep, type AppNode } from './processes.js';
import { castVote, crowd, expectSelf, tallyOfAcked, type Person } from './vote-storm.js';

const PEOPLE = 300;
/** Short, so that four drains fit in the test; the defaults are 10 s and 5 s. */
const GRACE_MS = 6000;
const WINDOW_MS = 2000;

/** Everyone votes, at a person's pace (one vote every 0.5-1.5 s), until stopped. */
class Storm {
  acked = 0;
  private stopped = false;
  private readonly running: Promise<void>[];

  constructor(people: Person[]) {
    this.running = people.map(async (person) => {
      while (!this.stopped) {
        await castVote(person, 'storm', OPTIONS[Math.floor(Math.random() * OPTIONS.length)]);
        this.acked += 1;
        await sleep(500 + Math.random() * 1000);
      }
    });
  }

  /** Resolves once `n` more votes were acked (bounded). */
  async more(n: number): Promise<void> {
    const target = this.acked + n;
    for (let i = 0; i < 600 && this.acked < target; i++) await sleep(50);
    if (this.acked < target) throw new Error(`the storm stalled at ${this.acked} acked votes`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }
}

describe('cluster: SIGTERM and a rolling restart during a vote storm', () => {
  const handle = useCluster({
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    DRAIN_RECONNECT_MS: String(WINDOW_MS),
    LOG_LEVEL: 'info',
  });
  const { keep } = handle;

  /** SIGTERM: the node drains and exits 0 within the grace period (SIGKILL after it: no code). */
  const terminate = async (node: AppNode): Promise<void> => {
    expect(await node.kill('SIGTERM', GRACE_MS + 2000)).toBe(0);
  };

  it('loses no acked vote, and every client comes back as itself through the other nodes', async () => {
    const { cluster } = handle;
    const [a, victim, c] = cluster.nodes;
    const id = newEventId();
    await createEvent(a.url, id);
    const urls = cluster.nodes.map((n) => n.url);
    const staff = { fallbacks: urls.filter((u) => u !== a.url) };
    const op = keep(await connectPeer(a.url, await staffToken(a.url, id, 'operator'), staff));
    await op.ok('poll:create', singlePoll('storm'));
    await op.ok('poll:open', { pollId: 'storm' });
    // Every tenth person ignores the notice: its transport is closed at the end of the window.
    const people = await crowd(cluster, id, 'storm', PEOPLE, (i) => ({ ignoreDraining: i % 10 === 9 }));
    for (const p of people) keep(p.peer);
    const tallyNow = async (): Promise<Record<string, number>> => {
      const poll = (await op.ok<State>('state:sync', {})).polls.find((p) => p.id === 'storm');
      return nonZero(poll?.tally?.counts ?? {});
    };

    // 1. One node of three gets SIGTERM during the storm.
    let storm = new Storm(people);
    await storm.more(PEOPLE);
    await terminate(victim);
    const moved = people.filter((p) => p.home === victim);
    expect(moved.length).toBe(PEOPLE / cluster.nodes.length);
    // Connected while the node is gone: to another node, directly or through nginx.
    await inBatches(moved, 50, (p) => p.peer.connected(30_000));
    await storm.more(PEOPLE);
    await storm.stop();
    expect(await tallyNow()).toEqual(tallyOfAcked(people));
    await inBatches(moved, 25, async (p) => {
      await expectSelf(p, 'storm');
      expect(p.peer.url).not.toBe(victim.url);
    });
    expect(victim.log()).toContain('SIGTERM: draining');
    expect(victim.log()).toContain(': exit 0');

    // 2. A rolling restart: each node in turn drains, exits and starts again, under the storm.
    await victim.start();
    storm = new Storm(people);
    for (const node of cluster.nodes) {
      await storm.more(PEOPLE / 2);
      await terminate(node);
      await node.start();
    }
    await storm.more(PEOPLE / 2);
    await storm.stop();

    // Everyone is connected again, as themselves; the tally is exactly the last acked votes.
    await inBatches(people, 25, (p) => expectSelf(p, 'storm'));
    const expected = tallyOfAcked(people);
    expect(await tallyNow()).toEqual(expected);
    const closed = await op.ok<Poll>('poll:close', { pollId: 'storm' });
    expect(closed.tally?.total).toBe(PEOPLE);
    expect(nonZero(closed.tally?.counts ?? {})).toEqual(expected);
    // A vote is refused only as UNAVAILABLE (its node was closing), and then sent again elsewhere.
    expect(people.flatMap((p) => p.refused).filter((code) => code !== 'UNAVAILABLE')).toEqual([]);
    expect(cluster.unhandledRejections()).toEqual([]);
    const screen = keep(await connectPeer(c.url, await staffToken(c.url, id, 'screen')));
    expect(screen.states()[0].polls.find((p) => p.id === 'storm')?.status).toBe('closed');
  }, 240_000);
});
