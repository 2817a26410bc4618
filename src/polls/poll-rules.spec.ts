import { plainToInstance } from 'class-transformer';
import { CastVoteDto, CreatePollDto } from './dto/poll.dto.js';
import { canSeePoll, canSeeTally, pollShapeErrors, voteEffect } from './poll-rules.js';
import type { PollDefinition } from './poll.types.js';

const create = (plain: object): CreatePollDto => plainToInstance(CreatePollDto, { question: { en: 'Q' }, ...plain });
const vote = (plain: object): CastVoteDto => plainToInstance(CastVoteDto, { pollId: 'p', ...plain });
const options = [
  { id: 'a', label: { en: 'A' } },
  { id: 'b', label: { en: 'B' } },
  { id: 'c', label: { en: 'C' } },
];
const poll = (over: Partial<PollDefinition>): PollDefinition => ({
  id: 'p',
  kind: 'single',
  question: { en: 'Q' },
  options,
  results: 'live',
  createdAt: 1,
  ...over,
});
const fields = (r: ReturnType<typeof voteEffect>): string[] => ('errors' in r ? r.errors.map((e) => e.field) : []);

describe('pollShapeErrors', () => {
  it('accepts each kind in its shape', () => {
    expect(pollShapeErrors(create({ kind: 'single', options }))).toEqual([]);
    expect(pollShapeErrors(create({ kind: 'multi', options, maxChoices: 2 }))).toEqual([]);
    expect(pollShapeErrors(create({ kind: 'rating', scale: { min: 0, max: 10 } }))).toEqual([]);
    expect(pollShapeErrors(create({ kind: 'wordcloud' }))).toEqual([]);
  });

  it('refuses what does not fit the kind', () => {
    const field = (plain: object): string[] => pollShapeErrors(create(plain)).map((e) => e.field);
    expect(field({ kind: 'single', options: options.slice(0, 1) })).toEqual(['options']);
    expect(field({ kind: 'single', options: [options[0], options[0]] })).toEqual(['options']);
    expect(field({ kind: 'multi', options, maxChoices: 4 })).toEqual(['maxChoices']);
    expect(field({ kind: 'single', options, maxChoices: 1 })).toEqual(['maxChoices']);
    expect(field({ kind: 'rating', scale: { min: 5, max: 5 } })).toEqual(['scale']);
    expect(field({ kind: 'rating', scale: { min: 0, max: 50 } })).toEqual(['scale']);
    expect(field({ kind: 'wordcloud', options })).toEqual(['options']);
    expect(field({ kind: 'single', options, scale: { min: 1, max: 5 } })).toEqual(['scale']);
  });
});

describe('voteEffect', () => {
  it('turns each kind of vote into the counters it moves', () => {
    expect(voteEffect(poll({}), vote({ optionIds: ['b'] }), 'DE')).toEqual({
      effect: { keys: ['b'], value: 0, country: 'DE', vote: { optionIds: ['b'] } },
    });
    expect(voteEffect(poll({ kind: 'multi', maxChoices: 2 }), vote({ optionIds: ['a', 'c'] }), null)).toEqual({
      effect: { keys: ['a', 'c'], value: 0, country: null, vote: { optionIds: ['a', 'c'] } },
    });
    expect(
      voteEffect(poll({ kind: 'rating', options: [], scale: { min: 1, max: 5 } }), vote({ value: 4 }), null),
    ).toEqual({
      effect: { keys: ['4'], value: 4, country: null, vote: { value: 4 } },
    });
    expect(voteEffect(poll({ kind: 'wordcloud', options: [] }), vote({ text: ' Safety! ' }), 'CN')).toEqual({
      effect: { keys: ['safety'], value: 0, country: 'CN', vote: { text: 'Safety!' } },
    });
  });

  it('refuses votes that do not fit the poll, naming the field', () => {
    expect(fields(voteEffect(poll({}), vote({ optionIds: ['a', 'b'] }), null))).toEqual(['optionIds']);
    expect(fields(voteEffect(poll({}), vote({ optionIds: ['zzz'] }), null))).toEqual(['optionIds']);
    expect(fields(voteEffect(poll({}), vote({}), null))).toEqual(['optionIds']);
    expect(fields(voteEffect(poll({}), vote({ optionIds: ['a'], value: 1 }), null))).toEqual(['value']);
    expect(
      fields(voteEffect(poll({ kind: 'multi', maxChoices: 2 }), vote({ optionIds: ['a', 'b', 'c'] }), null)),
    ).toEqual(['optionIds']);
    const rating = poll({ kind: 'rating', options: [], scale: { min: 1, max: 5 } });
    expect(fields(voteEffect(rating, vote({ value: 6 }), null))).toEqual(['value']);
    expect(fields(voteEffect(rating, vote({ text: 'x' }), null))).toEqual(['text']);
    expect(fields(voteEffect(poll({ kind: 'wordcloud', options: [] }), vote({ text: '!!!' }), null))).toEqual(['text']);
  });
});

describe('visibility', () => {
  const p = { ...poll({}), status: 'draft' as const, revealed: false };
  it('shows drafts to operators only', () => {
    expect(canSeePoll('operator', p)).toBe(true);
    expect(canSeePoll('screen', p)).toBe(false);
    expect(canSeePoll('audience', { ...p, status: 'open' })).toBe(true);
  });

  it('shows the audience a tally when live or revealed; operators and screens always', () => {
    expect(canSeeTally('audience', { results: 'live', revealed: false })).toBe(true);
    expect(canSeeTally('audience', { results: 'on-reveal', revealed: false })).toBe(false);
    expect(canSeeTally('audience', { results: 'hidden', revealed: false })).toBe(false);
    expect(canSeeTally('audience', { results: 'on-reveal', revealed: true })).toBe(true);
    expect(canSeeTally('screen', { results: 'hidden', revealed: false })).toBe(true);
    expect(canSeeTally('operator', { results: 'hidden', revealed: false })).toBe(true);
  });
});
