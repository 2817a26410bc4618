import type { CastVoteDto } from '../../src/polls/dto/poll.dto.js';
import { voteEffect } from '../../src/polls/poll-rules.js';
import { definitionOf, type PollStore, type RawTally } from '../../src/polls/poll.store.js';
import type { Poll, PollKind, Vote, VoteEffect } from '../../src/polls/poll.types.js';

/** A draft as the service creates it: options a, b, c (single, multi), scale 1..5 (rating). */
export function poll(id: string, kind: PollKind = 'single', over: Partial<Poll> = {}): Poll {
  const p: Poll = {
    id,
    kind,
    question: { en: `Question ${id}`, zh: '问题' },
    options: [],
    status: 'draft',
    results: 'live',
    revealed: false,
    createdAt: 1_000,
  };
  if (kind === 'single' || kind === 'multi') p.options = ['a', 'b', 'c'].map((o) => ({ id: o, label: { en: o } }));
  if (kind === 'multi') p.maxChoices = 2;
  if (kind === 'rating') p.scale = { min: 1, max: 5 };
  if (kind === 'ranking') {
    p.options = ['a', 'b', 'c', 'd'].map((o) => ({ id: o, label: { en: o } }));
    p.maxRank = 3;
  }
  if (kind === 'text') p.moderated = false;
  return { ...p, ...over };
}

/** The effect the service would hand to the store (see voteEffect); `fresh` names a text answer. */
export function effect(
  p: Poll,
  vote: Vote,
  country: string | null = null,
  fresh?: { id: string; at: number },
): VoteEffect {
  const dto: CastVoteDto = { pollId: p.id, ...vote };
  const checked = voteEffect(definitionOf(p), dto, country, fresh);
  if ('errors' in checked) throw new Error(`bad test vote: ${JSON.stringify(checked.errors)}`);
  return checked.effect;
}

export const EMPTY_TALLY: RawTally = {
  version: 0,
  total: 0,
  counts: {},
  byCountry: {},
  words: [],
  sum: 0,
  revealed: false,
};

/** Six changes (seq 1..6) and three votes on two polls: every kind of key an event gets. */
export async function pollSession(store: PollStore, ev: string): Promise<void> {
  const p = poll('p1');
  const w = poll('p2', 'wordcloud');
  await store.create(ev, p);
  await store.create(ev, w);
  await store.change(ev, 'p1', 'open', 100);
  await store.change(ev, 'p2', 'open', 100);
  await store.vote(ev, 'p1', 'u1', effect(p, { optionIds: ['a'] }, 'DE'));
  await store.vote(ev, 'p1', 'u1', effect(p, { optionIds: ['b'] }, 'DE'));
  await store.vote(ev, 'p2', 'u1', effect(w, { text: 'safety' }, 'DE'));
  await store.change(ev, 'p1', 'close', 200);
  await store.change(ev, 'p1', 'reveal', 300);
}
