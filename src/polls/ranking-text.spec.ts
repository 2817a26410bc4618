import { plainToInstance } from 'class-transformer';
import {
  errorCode as rejection,
  EVENT,
  person as who,
  stateOf,
  unitContext,
  type UnitContext,
} from '../../test/support/unit.js';
import { CastVoteDto, CreatePollDto, ModerateAnswerDto } from './dto/poll.dto.js';
import type { RawTally } from './poll.store.js';
import { pollShapeErrors, voteEffect } from './poll-rules.js';
import type { PollDefinition, Tally, TextAnswer } from './poll.types.js';
import { PollsService } from './polls.service.js';
import { resultsCsv } from './results-csv.js';
import { MemoryPollStore } from './store/memory-poll.store.js';
import { buildTally } from './tally.js';

const create = (plain: object): CreatePollDto => plainToInstance(CreatePollDto, { question: { en: 'Q' }, ...plain });
const vote = (plain: object): CastVoteDto => plainToInstance(CastVoteDto, { pollId: 'p', ...plain });
const options = ['a', 'b', 'c'].map((id) => ({ id, label: { en: id.toUpperCase() } }));
const def = (over: Partial<PollDefinition>): PollDefinition => ({
  id: 'p',
  kind: 'ranking',
  question: { en: 'Q' },
  options,
  results: 'live',
  createdAt: 1,
  ...over,
});
const fields = (r: ReturnType<typeof voteEffect>): string[] => ('errors' in r ? r.errors.map((e) => e.field) : []);
const fresh = { id: 'x1', at: 7 };

describe('ranking and text rules', () => {
  it('takes a ranking poll with options as a single poll, maxRank within them; moderated on text only', () => {
    const field = (plain: object): string[] => pollShapeErrors(create(plain)).map((e) => e.field);
    expect(field({ kind: 'ranking', options, maxRank: 2 })).toEqual([]);
    expect(field({ kind: 'text', moderated: true })).toEqual([]);
    expect(field({ kind: 'ranking', options: options.slice(0, 1) })).toEqual(['options']);
    expect(field({ kind: 'ranking', options: [options[0], options[0]] })).toEqual(['options']);
    expect(field({ kind: 'ranking', options, maxRank: 4 })).toEqual(['maxRank']);
    expect(field({ kind: 'single', options, maxRank: 1 })).toEqual(['maxRank']);
    expect(field({ kind: 'text', options })).toEqual(['options']);
    expect(field({ kind: 'wordcloud', moderated: true })).toEqual(['moderated']);
  });

  it('gives place i of n options n - i points, a first to the first, a voter to each ranked option', () => {
    expect(voteEffect(def({}), vote({ ranking: ['c', 'a'] }), 'DE')).toEqual({
      effect: {
        keys: ['c', 'a', 'p:c', 'p:a', 'f:c'],
        weights: [1, 1, 3, 2, 1],
        value: 0,
        country: 'DE',
        vote: { ranking: ['c', 'a'] },
      },
    });
  });

  it('refuses rankings that do not fit, and other vote fields', () => {
    expect(fields(voteEffect(def({ maxRank: 2 }), vote({ ranking: ['a', 'b', 'c'] }), null))).toEqual(['ranking']);
    expect(fields(voteEffect(def({}), vote({ ranking: ['a', 'z'] }), null))).toEqual(['ranking']);
    expect(fields(voteEffect(def({}), vote({}), null))).toEqual(['ranking']);
    expect(fields(voteEffect(def({}), vote({ ranking: ['a'], optionIds: ['a'] }), null))).toEqual(['optionIds']);
    expect(fields(voteEffect(def({}), vote({ ranking: ['a'], text: 'x' }), null))).toEqual(['text']);
    expect(fields(voteEffect(def({ kind: 'single' }), vote({ ranking: ['a'] }), null))).toEqual(['ranking']);
    expect(fields(voteEffect(def({ kind: 'text', options: [] }), vote({ ranking: ['a'] }), null))).toEqual(['ranking']);
  });

  it('makes a text answer: trimmed, folded word, pending when moderated or profane', () => {
    const text = def({ kind: 'text', options: [] });
    expect(voteEffect(text, vote({ text: '  Safer roads! ' }), 'CN', fresh)).toEqual({
      effect: {
        keys: [],
        value: 0,
        country: 'CN',
        vote: { text: 'Safer roads!' },
        answer: { id: 'x1', text: 'Safer roads!', at: 7, status: 'approved', word: 'safer roads' },
      },
    });
    const moderated = voteEffect({ ...text, moderated: true }, vote({ text: 'Fine' }), null, fresh);
    expect(moderated).toMatchObject({ effect: { answer: { status: 'pending' } } });
    expect(voteEffect(text, vote({ text: 'what the fuck' }), null, fresh)).toMatchObject({
      effect: { answer: { status: 'pending' } },
    });
    expect(voteEffect(text, vote({ text: 'x'.repeat(280) }), null, fresh)).toHaveProperty('effect');
    expect(fields(voteEffect(text, vote({ text: '   ' }), null))).toEqual(['text']);
    const unnamed = voteEffect(text, vote({ text: 'hi' }), null);
    expect('effect' in unnamed && unnamed.effect.answer?.id).toMatch(/^a-/);
  });

  it('keeps a word cloud at 80 characters, counted as the DTO counts them', () => {
    const cloud = def({ kind: 'wordcloud', options: [] });
    expect(voteEffect(cloud, vote({ text: '😀a'.repeat(40) }), null)).toHaveProperty('effect');
    expect(fields(voteEffect(cloud, vote({ text: 'x'.repeat(81) }), null))).toEqual(['text']);
  });
});

describe('ranking and text tallies', () => {
  const raw = (over: Partial<RawTally>): RawTally => ({
    version: 2,
    total: 0,
    counts: {},
    byCountry: {},
    words: [],
    sum: 0,
    revealed: false,
    ...over,
  });

  it('ranks every option by points, then option order', () => {
    const counts = { a: 1, 'p:a': 2, b: 2, 'p:b': 5, 'f:b': 1, c: 1, 'p:c': 5, 'f:c': 1 };
    const tally = buildTally(def({}), raw({ total: 2, counts }));
    expect(tally.counts).toEqual({ a: 1, b: 2, c: 1 });
    expect(tally.ranking).toEqual([
      { optionId: 'b', points: 5, firsts: 1 },
      { optionId: 'c', points: 5, firsts: 1 },
      { optionId: 'a', points: 2, firsts: 0 },
    ]);
  });

  it('shows operators every answer and others the approved ones; words as stored (approved only)', () => {
    const answer = (id: string, status: TextAnswer['status']): TextAnswer => ({
      id,
      text: id,
      country: null,
      at: 1,
      status,
    });
    const stored = raw({
      total: 2,
      words: [['b', 1]],
      answers: [answer('b', 'approved'), answer('a', 'rejected')],
      approved: [answer('b', 'approved')],
    });
    const text = def({ kind: 'text', options: [] });
    expect(buildTally(text, stored, 'all')).toMatchObject({ counts: {}, words: [['b', 1]], answers: stored.answers });
    expect(buildTally(text, stored, 'approved').answers).toEqual(stored.approved);
    expect(buildTally(text, raw({})).answers).toEqual([]);
  });
});

describe('PollsService: ranking and text', () => {
  let ctx: UnitContext;
  let polls: PollsService;
  const operator = who('operator', 'o-1');
  beforeEach(async () => {
    ctx = await unitContext();
    polls = new PollsService(new MemoryPollStore(ctx.clock), ctx.broadcaster, ctx.snapshots, ctx.ticker);
    polls.onModuleInit();
  });
  afterEach(() => ctx.close());
  const moderate = (plain: object): Promise<TextAnswer> =>
    polls.moderateAnswer(operator, plainToInstance(ModerateAnswerDto, plain));

  it('creates a ranking poll with maxRank (default every option) and a text poll unmoderated by default', async () => {
    expect(await polls.create(operator, create({ id: 'r', kind: 'ranking', options }))).toMatchObject({
      maxRank: 3,
      tally: { ranking: [{ optionId: 'a', points: 0, firsts: 0 }, { optionId: 'b' }, { optionId: 'c' }] },
    });
    expect(await polls.create(operator, create({ id: 't', kind: 'text' }))).toMatchObject({
      moderated: false,
      tally: { answers: [], words: [] },
    });
  });

  it('moderates answers; sends operators every answer and the others approved ones', async () => {
    await polls.create(operator, create({ id: 'r', kind: 'ranking', options }));
    await polls.create(operator, create({ id: 't', kind: 'text', moderated: true, results: 'on-reveal' }));
    await polls.change(operator, 't', 'open');
    await polls.vote(who('audience', 'a-1', 'DE'), vote({ pollId: 't', text: 'Airbags' }));
    await polls.vote(who('audience', 'a-2'), vote({ pollId: 't', text: 'Brakes' }));
    const ops = await stateOf(ctx.snapshots, operator);
    const [second, first] = ops.polls[0]?.tally?.answers ?? [];
    expect([first?.text, first?.status, second?.text]).toEqual(['Airbags', 'pending', 'Brakes']);
    expect((await stateOf(ctx.snapshots, who('screen', 's-1'))).polls[0]?.tally?.answers).toEqual([]);

    expect(await moderate({ pollId: 't', answerId: first?.id, action: 'approve' })).toEqual({
      ...first,
      status: 'approved',
    });
    expect(await rejection(moderate({ pollId: 't', answerId: 'nope', action: 'approve' }))).toBe('NOT_FOUND');
    expect(await rejection(moderate({ pollId: 'nope', answerId: 'x', action: 'approve' }))).toBe('NOT_FOUND');
    expect(await rejection(moderate({ pollId: 'r', answerId: 'x', action: 'approve' }))).toBe('VALIDATION_FAILED');

    await ctx.ticker.tick();
    const sent = ctx.broadcaster.locals.map((l) => ({ roles: l.roles, tally: l.payload as Tally }));
    expect(sent.map((s) => [s.roles, s.tally.answers?.map((a) => a.status)])).toEqual([
      [['operator'], ['pending', 'approved']],
      [['screen'], ['approved']],
    ]);
    expect(sent[1]?.tally.words).toEqual([['airbags', 1]]);
    // Revealed: the audience gets the approved view too.
    await polls.change(operator, 't', 'reveal');
    await moderate({ pollId: 't', answerId: second?.id, action: 'reject' });
    await ctx.ticker.tick();
    expect(ctx.broadcaster.locals.slice(2).map((l) => l.roles)).toEqual([['operator'], ['screen', 'audience']]);
    const audience = await stateOf(ctx.snapshots, who('audience', 'a-1'));
    expect(audience.polls[0]?.tally?.answers?.map((a) => a.text)).toEqual(['Airbags']);
    expect(audience.myVotes).toEqual({ t: { text: 'Airbags' } });
  });

  it('writes ranking and text results as CSV, formulas defused', async () => {
    await polls.create(operator, create({ id: 'r', kind: 'ranking', options, maxRank: 2 }));
    await polls.create(operator, create({ id: 't', kind: 'text' }));
    await polls.change(operator, 'r', 'open');
    await polls.change(operator, 't', 'open');
    await polls.vote(who('audience', 'a-1', 'DE'), vote({ pollId: 'r', ranking: ['b', 'a'] }));
    await polls.vote(who('audience', 'a-1', 'DE'), vote({ pollId: 't', text: '=HYPERLINK("x")' }));
    const ranking = resultsCsv(await polls.results(EVENT, 'r')).split('\r\n');
    expect(ranking.slice(0, 5)).toEqual([
      'section,key,label,count,percent,points,firsts',
      'poll,r,Q,1,',
      'option,b,B,1,100.0,3,1',
      'option,a,A,1,100.0,2,0',
      'option,c,C,0,0.0,0,0',
    ]);
    const text = resultsCsv(await polls.results(EVENT, 't')).split('\r\n');
    expect(text[0]).toBe('section,key,label,count,percent,status,country,at');
    expect(text[2]).toMatch(/^answer,a-[\w-]+,"'=HYPERLINK\(""x""\)",,,approved,DE,\d{4}-\d\d-\d\dT/);
    expect(text[3]).toBe('word,hyperlink x,hyperlink x,1,100.0');
  });
});
