import type { MemoryEventClock } from '../../realtime/event-clock.js';
import { type ChangeResult, type PollChange, type PollStore, type RawTally, type VoteResult } from '../poll.store.js';
import type { Poll, PollDefinition, Vote, VoteEffect } from '../poll.types.js';

interface Entry {
  poll: Poll;
  votes: Map<string, VoteEffect>;
  counts: Map<string, number>;
  countries: Map<string, number>;
  sum: number;
}

function add(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** The store's own copy of a vote (structuredClone costs several times more, per vote). */
function copyVote(vote: Vote): Vote {
  const copy: Vote = { ...vote };
  if (vote.optionIds) copy.optionIds = [...vote.optionIds];
  return copy;
}

/** Embedded mode: one process, so a synchronous change is atomic. */
export class MemoryPollStore implements PollStore {
  private readonly events = new Map<string, Map<string, Entry>>();

  constructor(private readonly clock: MemoryEventClock) {}

  private polls(eventId: string): Map<string, Entry> {
    let polls = this.events.get(eventId);
    if (!polls) this.events.set(eventId, (polls = new Map<string, Entry>()));
    return polls;
  }

  create(eventId: string, poll: Poll): Promise<number | null> {
    const polls = this.polls(eventId);
    if (polls.has(poll.id)) return Promise.resolve(null);
    const { tally: _tally, openedAt: _opened, closedAt: _closed, ...rest } = structuredClone(poll);
    const stored: Poll = { ...rest, status: 'draft' };
    polls.set(poll.id, { poll: stored, votes: new Map(), counts: new Map(), countries: new Map(), sum: 0 });
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  get(eventId: string, pollId: string): Promise<Poll | null> {
    const entry = this.events.get(eventId)?.get(pollId);
    return Promise.resolve(entry ? structuredClone(entry.poll) : null);
  }

  list(eventId: string): Promise<Poll[]> {
    const polls = [...(this.events.get(eventId)?.values() ?? [])].map((e) => structuredClone(e.poll));
    return Promise.resolve(polls.reverse());
  }

  ids(eventId: string): Promise<string[]> {
    return Promise.resolve([...(this.events.get(eventId)?.keys() ?? [])].reverse());
  }

  change(eventId: string, pollId: string, change: PollChange, at: number): Promise<ChangeResult> {
    const entry = this.events.get(eventId)?.get(pollId);
    if (!entry) return Promise.resolve({ kind: 'missing' });
    const poll = entry.poll;
    const unchanged = (): Promise<ChangeResult> => Promise.resolve({ kind: 'unchanged', poll: structuredClone(poll) });
    if (change === 'open') {
      if (poll.status === 'open') return unchanged();
      poll.status = 'open';
      poll.openedAt = at;
      delete poll.closedAt;
    } else {
      if (poll.status === 'draft') return Promise.resolve({ kind: 'draft' });
      if (change === 'close') {
        if (poll.status === 'closed') return unchanged();
        poll.status = 'closed';
        poll.closedAt = at;
      } else {
        if (poll.revealed) return unchanged();
        poll.revealed = true;
      }
    }
    const seq = this.clock.nextSeq(eventId);
    return Promise.resolve({ kind: 'changed', poll: structuredClone(poll), seq });
  }

  settle(eventId: string, pollId: string, correct: string[], at: number): Promise<ChangeResult> {
    const entry = this.events.get(eventId)?.get(pollId);
    if (!entry) return Promise.resolve({ kind: 'missing' });
    const poll = entry.poll;
    const same = JSON.stringify(poll.correct) === JSON.stringify(correct);
    if (same && poll.status !== 'open') return Promise.resolve({ kind: 'unchanged', poll: structuredClone(poll) });
    poll.correct = [...correct];
    if (poll.status === 'open') {
      poll.status = 'closed';
      poll.closedAt = at;
    }
    const seq = this.clock.nextSeq(eventId);
    return Promise.resolve({ kind: 'changed', poll: structuredClone(poll), seq });
  }

  voters(eventId: string, pollId: string): Promise<Record<string, string[]>> {
    const votes = this.events.get(eventId)?.get(pollId)?.votes ?? new Map<string, VoteEffect>();
    return Promise.resolve(Object.fromEntries([...votes].map(([voter, effect]) => [voter, [...effect.keys]])));
  }

  vote(eventId: string, pollId: string, voterId: string, effect: VoteEffect): Promise<VoteResult> {
    const entry = this.events.get(eventId)?.get(pollId);
    if (!entry) return Promise.resolve('missing');
    if (entry.poll.status !== 'open') return Promise.resolve('closed');
    const old = entry.votes.get(voterId);
    if (old) this.apply(entry, old, -1);
    this.apply(entry, effect, 1);
    entry.votes.set(voterId, {
      keys: [...effect.keys],
      value: effect.value,
      country: effect.country,
      vote: copyVote(effect.vote),
    });
    this.clock.bump(eventId, `poll:${pollId}`);
    return Promise.resolve('ok');
  }

  private apply(entry: Entry, effect: VoteEffect, by: 1 | -1): void {
    for (const key of effect.keys) add(entry.counts, key, by);
    if (effect.country !== null) add(entry.countries, effect.country, by);
    entry.sum += by * effect.value;
  }

  tally(eventId: string, poll: PollDefinition, wordsLimit: number): Promise<RawTally> {
    const entry = this.events.get(eventId)?.get(poll.id);
    const counts = Object.fromEntries(entry?.counts ?? []);
    const words =
      poll.kind === 'wordcloud'
        ? Object.entries(counts)
            .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
            .slice(0, wordsLimit)
        : [];
    return Promise.resolve({
      version: this.clock.version(eventId, `poll:${poll.id}`),
      total: entry?.votes.size ?? 0,
      counts: poll.kind === 'wordcloud' ? {} : counts,
      byCountry: Object.fromEntries(entry?.countries ?? []),
      words,
      sum: entry?.sum ?? 0,
      revealed: entry?.poll.revealed ?? false,
    });
  }

  votesOf(eventId: string, voterId: string, pollIds: string[]): Promise<Record<string, Vote>> {
    const out: Record<string, Vote> = {};
    const polls = this.events.get(eventId);
    for (const id of pollIds) {
      const effect = polls?.get(id)?.votes.get(voterId);
      if (effect) out[id] = copyVote(effect.vote);
    }
    return Promise.resolve(out);
  }
}
