import type { Cluster } from './cluster.js';
import type { AppNode } from './processes.js';
import { sleep } from './processes.js';
import { connectPeer, inBatches, join, type Ack, type Peer, type PeerOptions, type State } from './peers.js';

/** What one person saw and did, in order: votes sent and acked, snapshots received. */
export type Entry =
  { kind: 'sent' | 'acked'; option: string } | { kind: 'state'; me: string | null; option: string | null };

export interface Person {
  audienceId: string;
  peer: Peer;
  /** The node that served the first connection (directly or through nginx). */
  home: AppNode;
  history: Entry[];
  /** The codes of refused votes (each was sent again). */
  refused: string[];
}

export const lastAcked = (history: Entry[]): string | null =>
  history.filter((e) => e.kind === 'acked').pop()?.option ?? null;

/**
 * `count` audience members of the event, spread evenly over the nodes: half connect to a node
 * directly (failing over to the others' URLs), half through nginx with an affinity that leads to
 * it; a quarter on long polling. Each keeps a history of the snapshots it got (its vote in `pollId`).
 */
export async function crowd(
  cluster: Cluster,
  eventId: string,
  pollId: string,
  count: number,
  extra: (i: number) => PeerOptions = () => ({}),
): Promise<Person[]> {
  const affinities = await cluster.affinities(Math.ceil(count / 2 / cluster.nodes.length));
  return inBatches(Array.from({ length: count }), 25, async (_, i): Promise<Person> => {
    const home = cluster.nodes[Math.floor(i / 2) % cluster.nodes.length];
    const joined = await join(home.url, eventId, ['DE', 'CN', 'BR', 'JP'][i % 4]);
    const transport = i % 4 === 1 ? 'polling' : 'websocket';
    const others = cluster.nodes.filter((n) => n !== home).map((n) => n.url);
    const peer =
      i % 2 === 0
        ? await connectPeer(home.url, joined.token, {
            transport,
            fallbacks: i % 4 === 0 ? others : others.reverse(),
            ...extra(i),
          })
        : await connectPeer(cluster.nginx.url, joined.token, {
            transport,
            affinity: affinities.get(home)?.pop(),
            ...extra(i),
          });
    const history: Entry[] = [];
    const record = (state: State): void => {
      history.push({ kind: 'state', me: state.me?.id ?? null, option: state.myVotes[pollId]?.optionIds?.[0] ?? null });
    };
    for (const state of peer.states()) record(state);
    peer.observe((event, payload) => {
      if (event === 'state') record(payload as State);
    });
    return { audienceId: joined.audienceId, peer, home, history, refused: [] };
  });
}

/** One vote, sent again (once connected again) until it is acked; a refusal is kept and retried. */
export async function castVote(person: Person, pollId: string, option: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await person.peer.connected(30_000).catch(() => undefined);
    person.history.push({ kind: 'sent', option });
    const ack = await person.peer.send('poll:vote', { pollId, optionIds: [option] }).catch(() => null);
    if (ack?.ok) {
      person.history.push({ kind: 'acked', option });
      return;
    }
    if (ack) {
      person.refused.push(ack.error.code);
      await sleep(100 + Math.random() * 400);
    }
  }
  throw new Error(`${person.audienceId} could not vote: ${JSON.stringify(person.history)}`);
}

/** The tally the poll must have: each person's last acked vote (none lost, none counted twice). */
export function tallyOfAcked(people: Person[]): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const p of people) {
    const option = lastAcked(p.history) ?? 'none';
    expected[option] = (expected[option] ?? 0) + 1;
  }
  return expected;
}

/**
 * The person is connected (anywhere) as themselves: every snapshot they got names them and holds
 * their last acked vote or the one in flight when it was taken; a sync holds their last acked vote.
 */
export async function expectSelf(person: Person, pollId: string): Promise<void> {
  await person.peer.connected(30_000);
  for (const [i, entry] of person.history.entries()) {
    if (entry.kind !== 'state') continue;
    expect(entry.me).toBe(person.audienceId);
    const before = person.history.slice(0, i);
    const inFlight = before.filter((e) => e.kind === 'sent').pop()?.option ?? null;
    expect([lastAcked(before), inFlight]).toContain(entry.option);
  }
  let synced: Ack<State> | null = null;
  const tries: string[] = [];
  for (let i = 0; i < 8 && !synced?.ok; i++) {
    // A long-polling session through nginx breaks once more when its hash leads back to a
    // restarted node: the client reconnects, and the sync is asked again.
    await person.peer.connected(30_000);
    synced = await person.peer.send<State>('state:sync', {}).catch((err: unknown) => {
      tries.push(`${person.peer.url}: ${(err as Error).message}`);
      return null;
    });
    if (synced && !synced.ok) tries.push(`${person.peer.url}: ${synced.error.code} ${synced.error.message}`);
  }
  // What each refused or unanswered try said, in the failure's message.
  if (!synced?.ok || synced.data.me?.id !== person.audienceId) {
    throw new Error(
      `${person.audienceId}: no state:sync as themselves (last me: ${JSON.stringify(synced?.ok ? synced.data.me : null)}) after ${tries.length} refused or unanswered tries: ${tries.join('; ')}`,
    );
  }
  expect(synced?.ok && synced.data.myVotes[pollId]).toEqual({ optionIds: [lastAcked(person.history)] });
}
