import type { MemoryEventClock } from '../../realtime/event-clock.js';
import { type ChangeResult, type PollChange, type PollStore, type RawTally, type VoteResult } from '../poll.store.js';
import type { AnswerStatus, Poll, PollDefinition, TextAnswer, Vote, VoteEffect } from '../poll.types.js';

interface StoredAnswer {
  answer: TextAnswer;
  word: string;
}

interface Entry {
  poll: Poll;
  votes: Map<string, VoteEffect>;
  /** Counter keys; a text poll's are the words of its approved answers. */
  counts: Map<string, number>;
  countries: Map<string, number>;
  sum: number;
  /** Text polls: answer id -> answer, oldest first (a Map keeps insertion order). */
  answers: Map<string, StoredAnswer>;
  /** Erased voters: their votes are gone, their counts stay, so `total` adds them. */
  erased: number;
  /** The tally's version counter (`poll:<id>`), named once rather than per vote. */
  counter: string;
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
  if (vote.ranking) copy.ranking = [...vote.ranking];
  return copy;
}

/** Newest first, at most `limit`, of the answers that pass `keep`. */
function newest(answers: Map<string, StoredAnswer>, limit: number, keep: (a: TextAnswer) => boolean): TextAnswer[] {
  const out: TextAnswer[] = [];
  const all = [...answers.values()];
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
    if (keep(all[i].answer)) out.push({ ...all[i].answer });
  }
  return out;
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
    const parts = { votes: new Map(), counts: new Map(), countries: new Map(), sum: 0, answers: new Map(), erased: 0 };
    polls.set(poll.id, { poll: stored, ...parts, counter: `poll:${poll.id}` });
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
    const stored: VoteEffect = {
      keys: [...effect.keys],
      value: effect.value,
      country: effect.country,
      vote: copyVote(effect.vote),
    };
    if (effect.weights) stored.weights = [...effect.weights];
    if (effect.answer) stored.answer = { ...effect.answer };
    entry.votes.set(voterId, stored);
    this.clock.bump(eventId, entry.counter);
    return Promise.resolve('ok');
  }

  private apply(entry: Entry, effect: VoteEffect, by: 1 | -1): void {
    effect.keys.forEach((key, i) => add(entry.counts, key, by * (effect.weights?.[i] ?? 1)));
    if (effect.country !== null) add(entry.countries, effect.country, by);
    entry.sum += by * effect.value;
    if (effect.answer) {
      const { id, text, at, status, word } = effect.answer;
      if (by === 1) entry.answers.set(id, { answer: { id, text, country: effect.country, at, status }, word });
      const stored = entry.answers.get(id);
      // A replaced answer is gone: its word leaves `words` if it was approved.
      if (by === -1) entry.answers.delete(id);
      if (stored && stored.answer.status === 'approved' && stored.word !== '') add(entry.counts, stored.word, by);
    }
  }

  moderate(eventId: string, pollId: string, answerId: string, status: AnswerStatus): Promise<TextAnswer | null> {
    const entry = this.events.get(eventId)?.get(pollId);
    const stored = entry?.answers.get(answerId);
    if (!entry || !stored) return Promise.resolve(null);
    const was = stored.answer.status;
    if (was !== status) {
      stored.answer.status = status;
      if (stored.word !== '' && (was === 'approved' || status === 'approved')) {
        add(entry.counts, stored.word, status === 'approved' ? 1 : -1);
      }
      this.clock.bump(eventId, `poll:${pollId}`);
    }
    return Promise.resolve({ ...stored.answer });
  }

  tally(eventId: string, poll: PollDefinition, wordsLimit: number): Promise<RawTally> {
    const entry = this.events.get(eventId)?.get(poll.id);
    const counts = Object.fromEntries(entry?.counts ?? []);
    const wordy = poll.kind === 'wordcloud' || poll.kind === 'text';
    const words = wordy
      ? Object.entries(counts)
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, wordsLimit)
      : [];
    const raw: RawTally = {
      version: this.clock.version(eventId, `poll:${poll.id}`),
      total: (entry?.votes.size ?? 0) + (entry?.erased ?? 0),
      counts: wordy ? {} : counts,
      byCountry: Object.fromEntries(entry?.countries ?? []),
      words,
      sum: entry?.sum ?? 0,
      revealed: entry?.poll.revealed ?? false,
    };
    if (poll.kind === 'text') {
      const answers = entry?.answers ?? new Map<string, StoredAnswer>();
      raw.answers = newest(answers, wordsLimit, () => true);
      raw.approved = newest(answers, wordsLimit, (a) => a.status === 'approved');
    }
    return Promise.resolve(raw);
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

  erasePerson(eventId: string, voterId: string): Promise<void> {
    for (const [pollId, entry] of this.events.get(eventId) ?? []) {
      const effect = entry.votes.get(voterId);
      if (!effect) continue;
      entry.votes.delete(voterId);
      entry.erased += 1;
      const stored = effect.answer ? entry.answers.get(effect.answer.id) : undefined;
      if (stored) {
        stored.answer.country = null;
        // The answers a tally carries changed (no country): the ticker sends them again.
        this.clock.bump(eventId, `poll:${pollId}`);
      }
    }
    return Promise.resolve();
  }

  reset(eventId: string): Promise<void> {
    for (const [pollId, entry] of this.events.get(eventId) ?? []) {
      for (const map of [entry.votes, entry.counts, entry.countries, entry.answers]) map.clear();
      entry.sum = 0;
      entry.erased = 0;
      const { openedAt: _o, closedAt: _c, correct: _r, ...kept } = entry.poll;
      entry.poll = { ...kept, status: 'draft', revealed: false };
      // Forward, never back: clients drop a tally older than the one they hold.
      this.clock.bump(eventId, `poll:${pollId}`);
    }
    return Promise.resolve();
  }

  deleteEvent(eventId: string): Promise<void> {
    this.events.delete(eventId);
    return Promise.resolve();
  }
}
