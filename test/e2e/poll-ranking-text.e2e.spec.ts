import { http } from '../support/app.js';
import type { ErrorBody, Tally } from '../support/protocol.js';
import {
  MODES,
  OPTIONS,
  detailFields,
  drain,
  errorOf,
  okData,
  openPoll,
  singlePoll,
  sync,
  tallies,
  useApp,
  vote,
  waitTally,
} from './helpers.js';

type Reply<T> = T | { ok: false; error: ErrorBody };

const FEATURES = ['safety', 'range', 'price', 'comfort', 'speed'].map((id) => ({
  id,
  label: { en: id, zh: `特性 ${id}` },
}));
const rankingPoll = { id: 'rk', kind: 'ranking', question: { en: 'Order these' }, options: FEATURES, maxRank: 3 };

/** "status:text" of a tally's answers, newest first. */
const shown = (t: Tally): string[] => (t.answers ?? []).map((a) => `${a.status}:${a.text}`);

describe.each(MODES)('ranking and text polls (%s)', (mode) => {
  const ctx = useApp(mode);

  it('ranking: points, firsts and voters per option; a new ranking replaces the old one', async () => {
    const room = await ctx.room();
    const [ana, ben, cat] = await room.members(3, (i) => [{ country: 'DE' }, { country: 'CN' }, {}][i]);
    const poll = await openPoll(room.op, rankingPoll);
    expect(poll).toMatchObject({ kind: 'ranking', maxRank: 3, options: FEATURES });
    expect(poll.tally?.ranking?.map((r) => r.optionId)).toEqual(FEATURES.map((f) => f.id));
    expect(await vote(ana.client, 'rk', { ranking: ['safety', 'price', 'range'] })).toEqual({
      pollId: 'rk',
      vote: { ranking: ['safety', 'price', 'range'] },
    });
    await vote(ben.client, 'rk', { ranking: ['price'] });
    await vote(cat.client, 'rk', { ranking: ['range', 'safety'] });
    // n = 5: places earn 5, 4, 3 points.
    const t = await waitTally(room.screen, 'rk', (x) => x.total === 3);
    expect(t).toMatchObject({
      total: 3,
      counts: { safety: 2, range: 2, price: 2, comfort: 0, speed: 0 },
      byCountry: { DE: 1, CN: 1 },
    });
    expect(t.ranking).toEqual([
      // A tie keeps the options' order: safety before price.
      { optionId: 'safety', points: 9, firsts: 1 },
      { optionId: 'price', points: 9, firsts: 1 },
      { optionId: 'range', points: 8, firsts: 1 },
      { optionId: 'comfort', points: 0, firsts: 0 },
      { optionId: 'speed', points: 0, firsts: 0 },
    ]);
    await waitTally(ana.client, 'rk', (x) => x.total === 3);

    await vote(ana.client, 'rk', { ranking: ['speed'] });
    const moved = await waitTally(room.op, 'rk', (x) => x.counts.speed === 1);
    expect(moved.ranking).toEqual([
      { optionId: 'range', points: 5, firsts: 1 },
      { optionId: 'price', points: 5, firsts: 1 },
      { optionId: 'speed', points: 5, firsts: 1 },
      { optionId: 'safety', points: 4, firsts: 0 },
      { optionId: 'comfort', points: 0, firsts: 0 },
    ]);
    expect((await sync(ana.client)).myVotes).toEqual({ rk: { ranking: ['speed'] } });

    const csv = await http(ctx.url, 'GET', `/api/events/${room.id}/polls/rk/results.csv`, undefined, room.opToken);
    expect(csv.text.split('\r\n').slice(0, 4)).toEqual([
      'section,key,label,count,percent,points,firsts',
      'poll,rk,Order these,3,',
      'option,range,range,1,33.3,5,1',
      'option,price,price,1,33.3,5,1',
    ]);
    expect(csv.text).toContain('\r\noption,speed,speed,1,33.3,5,1\r\noption,safety,safety,1,33.3,4,0\r\n');
    const closed = okData(await room.op.send('poll:close', { pollId: 'rk' }));
    expect(closed.tally?.total).toBe(3);
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'rk', ranking: ['price'] })).code).toBe('POLL_CLOSED');
  });

  it('ranking: refuses every bad shape with VALIDATION_FAILED naming the field', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    await openPoll(room.op, rankingPoll);
    await openPoll(room.op, singlePoll('one'));
    const field = async (payload: Record<string, unknown>): Promise<string[]> =>
      detailFields(errorOf(await ana.client.send('poll:vote', payload as never)));
    expect(await field({ pollId: 'rk', ranking: ['safety', 'price', 'range', 'speed'] })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk', ranking: ['safety', 'nope'] })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk', ranking: ['safety', 'safety'] })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk', ranking: [] })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk', ranking: 'safety' })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk' })).toEqual(['ranking']);
    expect(await field({ pollId: 'rk', optionIds: ['safety'] })).toEqual(['optionIds']);
    expect(await field({ pollId: 'rk', ranking: ['safety'], text: 'x' })).toEqual(['text']);
    expect(await field({ pollId: 'one', ranking: ['a'] })).toEqual(['ranking']);
    const create = async (payload: Record<string, unknown>): Promise<string[]> =>
      detailFields(errorOf(await room.op.send('poll:create', payload)));
    expect(await create({ ...rankingPoll, id: 'x', maxRank: 6 })).toEqual(['maxRank']);
    expect(await create({ ...rankingPoll, id: 'x', options: FEATURES.slice(0, 1), maxRank: 1 })).toEqual(['options']);
    expect(await create({ ...singlePoll('x'), maxRank: 2 })).toEqual(['maxRank']);
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'zz', ranking: ['a'] })).code).toBe('NOT_FOUND');
    expect((await sync(room.op)).polls.find((p) => p.id === 'rk')?.tally?.total).toBe(0);
  });

  it('text: moderated answers wait; operators see all, screens and the audience approved ones only', async () => {
    const room = await ctx.room();
    const [ana, ben, cat] = await room.members(3, (i) => [{ country: 'DE' }, { country: 'BR' }, {}][i]);
    const poll = await openPoll(room.op, {
      id: 'tx',
      kind: 'text',
      question: { en: 'One sentence for the future of safety' },
      moderated: true,
    });
    expect(poll).toMatchObject({ kind: 'text', moderated: true, tally: { answers: [], words: [] } });
    expect(await vote(ana.client, 'tx', { text: ' Zero road deaths! ' })).toEqual({
      pollId: 'tx',
      vote: { text: 'Zero road deaths!' },
    });
    await vote(ben.client, 'tx', { text: 'Cars that talk' });
    await vote(cat.client, 'tx', { text: 'zero road deaths' });
    const pending = await waitTally(room.op, 'tx', (t) => t.total === 3);
    expect(shown(pending)).toEqual(['pending:zero road deaths', 'pending:Cars that talk', 'pending:Zero road deaths!']);
    expect(pending.answers?.[2]).toEqual({
      id: expect.stringMatching(/^a-/) as unknown,
      text: 'Zero road deaths!',
      country: 'DE',
      at: expect.any(Number) as unknown,
      status: 'pending',
    });
    expect(pending).toMatchObject({ counts: {}, words: [], byCountry: { DE: 1, BR: 1 } });
    const onScreen = await waitTally(room.screen, 'tx', (t) => t.total === 3);
    expect([onScreen.answers, onScreen.words]).toEqual([[], []]);
    const [catAnswer, benAnswer, anaAnswer] = pending.answers ?? [];

    const moderate = (answerId: string | undefined, action: string) =>
      room.op.send('poll:moderate-answer', { pollId: 'tx', answerId: answerId ?? '', action } as never);
    expect(okData(await moderate(anaAnswer?.id, 'approve'))).toEqual({ ...anaAnswer, status: 'approved' });
    okData(await moderate(catAnswer?.id, 'approve'));
    okData(await moderate(benAnswer?.id, 'reject'));
    const screenView = await waitTally(room.screen, 'tx', (t) => (t.answers ?? []).length === 2);
    expect(shown(screenView)).toEqual(['approved:zero road deaths', 'approved:Zero road deaths!']);
    expect(screenView.words).toEqual([['zero road deaths', 2]]);
    const audienceView = await waitTally(ana.client, 'tx', (t) => (t.answers ?? []).length === 2);
    expect(audienceView).toEqual(screenView);
    const opView = await waitTally(room.op, 'tx', (t) => t.version === screenView.version);
    expect(shown(opView)).toEqual([
      'approved:zero road deaths',
      'rejected:Cars that talk',
      'approved:Zero road deaths!',
    ]);
    expect(opView.words).toEqual([['zero road deaths', 2]]);
    // No tally ever showed a screen or the audience an answer that was not approved.
    for (const client of [room.screen, ana.client, ben.client]) {
      const statuses = tallies(client, 'tx').flatMap((t) => (t.answers ?? []).map((a) => a.status));
      expect(statuses.every((s) => s === 'approved')).toBe(true);
    }
    expect(shown((await sync(ben.client)).polls[0]?.tally as Tally)).toHaveLength(2);
    expect(shown((await sync(room.op)).polls[0]?.tally as Tally)).toHaveLength(3);

    // A new answer replaces the voter's: a new id, waiting again; the old one and its word are gone.
    await vote(cat.client, 'tx', { text: 'Seat belts for all' });
    const replaced = await waitTally(room.op, 'tx', (t) => (t.answers ?? [])[0]?.text === 'Seat belts for all');
    expect(shown(replaced)).toEqual([
      'pending:Seat belts for all',
      'rejected:Cars that talk',
      'approved:Zero road deaths!',
    ]);
    expect(replaced.answers?.[0]?.id).not.toBe(catAnswer?.id);
    expect(replaced).toMatchObject({ total: 3, words: [['zero road deaths', 1]] });
    expect(errorOf(await moderate(catAnswer?.id, 'approve')).code).toBe('NOT_FOUND');

    // Every refusal of poll:moderate-answer.
    for (const client of [ana.client, room.screen]) {
      expect(
        errorOf(await client.send('poll:moderate-answer', { pollId: 'tx', answerId: 'x', action: 'approve' })).code,
      ).toBe('FORBIDDEN');
    }
    expect(errorOf(await moderate('nope', 'approve')).code).toBe('NOT_FOUND');
    const noPoll = await room.op.send('poll:moderate-answer', { pollId: 'zz', answerId: 'x', action: 'approve' });
    expect(errorOf(noPoll).code).toBe('NOT_FOUND');
    await openPoll(room.op, singlePoll('one'));
    const notText = await room.op.send('poll:moderate-answer', { pollId: 'one', answerId: 'x', action: 'approve' });
    expect(detailFields(errorOf(notText))).toEqual(['pollId']);
    expect(detailFields(errorOf(await moderate(anaAnswer?.id, 'delete')))).toEqual(['action']);
    expect(detailFields(errorOf(await room.op.send('poll:moderate-answer', { pollId: 'tx' } as never)))).toEqual([
      'answerId',
      'action',
    ]);
    expect(shown((await sync(room.op)).polls[1]?.tally as Tally)).toEqual(shown(replaced));
  });

  it('text: length and shape errors, the profanity filter, closed polls, hidden results', async () => {
    const room = await ctx.room();
    const [ana, ben] = await room.members(2);
    await openPoll(room.op, { id: 'tx', kind: 'text', question: { en: 'Say it' }, results: 'on-reveal' });
    await openPoll(room.op, { id: 'wc', kind: 'wordcloud', question: { en: 'One word' } });
    const field = async (payload: Record<string, unknown>): Promise<string[]> =>
      detailFields(errorOf(await ana.client.send('poll:vote', payload as never)));
    expect(await field({ pollId: 'tx', text: 'x'.repeat(281) })).toEqual(['text']);
    expect(await field({ pollId: 'tx', text: '' })).toEqual(['text']);
    expect(await field({ pollId: 'tx', text: '   ' })).toEqual(['text']);
    expect(await field({ pollId: 'tx', optionIds: ['a'] })).toEqual(['optionIds']);
    expect(await field({ pollId: 'tx', ranking: ['a'] })).toEqual(['ranking']);
    expect(await field({ pollId: 'tx' })).toEqual(['text']);
    expect(await field({ pollId: 'wc', text: 'x'.repeat(81) })).toEqual(['text']);
    expect(await vote(ana.client, 'wc', { text: 'x'.repeat(80) })).toMatchObject({ pollId: 'wc' });
    expect(await field({ pollId: 'tx', text: 'x'.repeat(280), moderated: true })).toEqual(['moderated']);
    expect(detailFields(errorOf(await room.op.send('poll:create', { ...singlePoll('s2'), moderated: true })))).toEqual([
      'moderated',
    ]);

    // Not moderated: approved at once, unless the filter trips.
    await vote(ana.client, 'tx', { text: 'x'.repeat(280) });
    await vote(ben.client, 'tx', { text: 'what the fuck' });
    const t = await waitTally(room.op, 'tx', (x) => x.total === 2);
    expect(t.answers?.map((a) => a.status)).toEqual(['pending', 'approved']);
    const screen = await waitTally(room.screen, 'tx', (x) => x.total === 2);
    expect(screen.answers?.map((a) => a.status)).toEqual(['approved']);
    // Results on reveal: the audience got no tally of it, even after a moderation.
    okData(
      await room.op.send('poll:moderate-answer', {
        pollId: 'tx',
        answerId: t.answers?.[0]?.id ?? '',
        action: 'reject',
      }),
    );
    await waitTally(room.screen, 'tx', (x) => x.version > t.version);
    await drain(ana.client);
    expect(tallies(ana.client, 'tx')).toEqual([]);
    expect((await sync(ana.client)).polls.find((p) => p.id === 'tx')?.tally).toBeUndefined();

    okData(await room.op.send('poll:close', { pollId: 'tx' }));
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'tx', text: 'late' })).code).toBe('POLL_CLOSED');
    expect(errorOf(await ana.client.send('poll:vote', { pollId: 'zz', text: 'x' })).code).toBe('NOT_FOUND');
    const revealed = okData(await room.op.send('poll:reveal', { pollId: 'tx' }));
    expect(revealed.tally?.answers).toHaveLength(2);
    const forAudience = (await sync(ana.client)).polls.find((p) => p.id === 'tx');
    expect(forAudience?.tally?.answers?.map((a) => a.status)).toEqual(['approved']);
  });

  it('text: the REST mirror of moderation, and the CSV of answers', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1, () => ({ country: 'FR' }));
    const created = await http<Reply<{ id: string }>>(
      ctx.url,
      'POST',
      `/api/events/${room.id}/polls`,
      { id: 'tx', kind: 'text', question: { en: 'Say' }, moderated: true },
      room.opToken,
    );
    expect(created.status).toBe(201);
    okData(await room.op.send('poll:open', { pollId: 'tx' }));
    await vote(ana.client, 'tx', { text: '=cmd|"/c calc"!A1' });
    const [answer] = (await waitTally(room.op, 'tx', (t) => t.total === 1)).answers ?? [];
    const path = (answerId: string, pollId = 'tx'): string =>
      `/api/events/${room.id}/polls/${pollId}/answers/${answerId}/moderate`;
    const ok = await http(ctx.url, 'POST', path(answer?.id ?? ''), { action: 'approve' }, room.opToken);
    expect(ok).toMatchObject({ status: 200, body: { ...answer, status: 'approved' } });
    await waitTally(room.screen, 'tx', (t) => (t.answers ?? []).length === 1);
    const refusals: [string, unknown, string | undefined, number, string][] = [
      [path('nope'), { action: 'approve' }, room.opToken, 404, 'NOT_FOUND'],
      [path('x', 'zz'), { action: 'approve' }, room.opToken, 404, 'NOT_FOUND'],
      [path(answer?.id ?? '', 'one'), { action: 'approve' }, room.opToken, 404, 'NOT_FOUND'],
      [path(answer?.id ?? ''), { action: 'maybe' }, room.opToken, 400, 'VALIDATION_FAILED'],
      [path(answer?.id ?? ''), { action: 'reject' }, room.screenToken, 403, 'FORBIDDEN'],
      [path(answer?.id ?? ''), { action: 'reject' }, ana.token, 403, 'FORBIDDEN'],
    ];
    for (const [url, body, token, status, code] of refusals) {
      const res = await http<Reply<never>>(ctx.url, 'POST', url, body, token);
      expect([url, res.status, res.body]).toEqual([
        url,
        status,
        { ok: false, error: expect.objectContaining({ code }) as unknown },
      ]);
    }
    await openPoll(room.op, { id: 'one', kind: 'single', question: { en: 'Q' }, options: OPTIONS });
    const notText = await http<Reply<never>>(ctx.url, 'POST', path('x', 'one'), { action: 'approve' }, room.opToken);
    expect(notText).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });

    const csv = await http(ctx.url, 'GET', `/api/events/${room.id}/polls/tx/results.csv`, undefined, room.opToken);
    const at = new Date(answer?.at ?? 0).toISOString();
    expect(csv.text.split('\r\n')).toEqual([
      'section,key,label,count,percent,status,country,at',
      'poll,tx,Say,1,',
      `answer,${answer?.id ?? ''},"'=cmd|""/c calc""!A1",,,approved,FR,${at}`,
      'word,cmd c calc a1,cmd c calc a1,1,100.0',
      'country,FR,FR,1,100.0',
      '',
    ]);
  });
});
