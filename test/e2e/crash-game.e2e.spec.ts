import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { seedDemo } from '../../src/demo/demo.seed.js';
import { PollsService } from '../../src/polls/polls.service.js';
import { join, type Client } from '../support/app.js';
import { addEntries, crashSync, entry, sendResult } from './crash-support.js';
import { MODES, drain, errorOf, okData, openPoll, vote, useApp } from './helpers.js';
import type { AckData, BroadcastPayload, PredictorRow, Result } from '../support/protocol.js';

const TOP_N = 2;
const run = promisify(execFile);

function prediction(id: string, test = 'side', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, kind: 'single', question: { en: `Predict ${id}` }, predicts: { entryId: 'kestrel', test }, ...extra };
}
const BANDS = {
  options: [
    { id: 'low', label: { en: 'below 80' }, min: 0, max: 79.99 },
    { id: 'high', label: { en: '80 or more' }, min: 80, max: 100 },
  ],
};

async function standing(client: Client): Promise<AckData<'crash:standing'>> {
  return okData(await client.send('crash:standing', {}));
}

/** The `correct` of each `poll:updated` of this poll that the client got, in order. */
function corrections(client: Client, pollId: string): (string[] | undefined)[] {
  return client
    .messages('poll:updated')
    .filter((m) => m.poll.id === pollId)
    .map((m) => m.poll.correct);
}

function waitSettled(client: Client, pollId: string, correct: string[]): Promise<BroadcastPayload<'poll:updated'>> {
  const same = (c: string[] | undefined): boolean => JSON.stringify(c) === JSON.stringify(correct);
  return client.waitFor('poll:updated', (m) => m.poll.id === pollId && same(m.poll.correct));
}

type Predictors = BroadcastPayload<'crash:predictors'>;

/** The crash:predictors after `version` with exactly these rows (points move one poll at a time). */
function predictors(client: Client, rows: PredictorRow[], version = -1): Promise<Predictors> {
  const same = (p: Predictors): boolean => JSON.stringify(p.rows) === JSON.stringify(rows);
  return client.waitFor('crash:predictors', (p) => p.version > version && same(p));
}

describe.each(MODES)('crash prediction game (%s)', (mode) => {
  const ctx = useApp(mode, { env: { BOARD_TOP_N: String(TOP_N) } });

  it('settles every non-draft prediction of the entry and test when a result comes in, and scores it', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana', country: 'BR' });
    const ben = await room.member({ name: 'Ben', country: 'DE' });
    const cara = await room.member({ name: 'Cara', country: 'JP' });
    await addEntries(room.op, entry('kestrel'));

    const stars = await openPoll(room.op, prediction('p-stars'));
    expect(stars.options).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, label: { en: `${n} ★` }, stars: n })));
    expect(stars.predicts).toEqual({ entryId: 'kestrel', test: 'side' });
    await openPoll(room.op, prediction('p-bands', 'side', BANDS));
    okData(await room.op.send('poll:create', prediction('p-draft')));
    await openPoll(room.op, prediction('p-other', 'frontal'));
    await openPoll(room.op, prediction('p-closed'));
    await vote(ana.client, 'p-closed', { optionIds: ['s4'] });
    okData(await room.op.send('poll:close', { pollId: 'p-closed' }));
    for (const [who, s, band] of [
      [ana, 's4', 'high'],
      [ben, 's4', 'low'],
      [cara, 's5', 'high'],
    ] as const) {
      await vote(who.client, 'p-stars', { optionIds: [s] });
      await vote(who.client, 'p-bands', { optionIds: [band] });
      await vote(who.client, 'p-other', { optionIds: ['s4'] });
    }

    await sendResult(room.op, { id: 'r1', entryId: 'kestrel', test: 'side', score: 88, stars: 4 });
    for (const [pollId, correct] of [
      ['p-stars', ['s4']],
      ['p-bands', ['high']],
      ['p-closed', ['s4']],
    ] as const) {
      const { poll } = await waitSettled(ana.client, pollId, [...correct]);
      expect(poll.status).toBe('closed');
      await waitSettled(room.screen, pollId, [...correct]);
    }
    const polls = new Map((await crashSync(room.op)).polls.map((p) => [p.id, p]));
    expect(polls.get('p-draft')).toMatchObject({ status: 'draft' });
    expect(polls.get('p-other')).toMatchObject({ status: 'open' });
    expect(polls.get('p-draft')?.correct).toBeUndefined();
    expect(polls.get('p-other')?.correct).toBeUndefined();
    expect(errorOf(await ben.client.send('poll:vote', { pollId: 'p-stars', optionIds: ['s3'] })).code).toBe(
      'POLL_CLOSED',
    );

    // ana: 3 right (300); ben and cara: 1 each (100), sharing rank 2; the board shows the top 2.
    const [second, third] = [ben, cara].sort((x, y) => (x.audienceId < y.audienceId ? -1 : 1));
    const names = new Map([
      [ben.audienceId, ['Ben', 'DE']],
      [cara.audienceId, ['Cara', 'JP']],
    ]);
    const [name, country] = names.get(second.audienceId) ?? [];
    const rows = [
      { rank: 1, id: ana.audienceId, name: 'Ana', country: 'BR', points: 300 },
      { rank: 2, id: second.audienceId, name, country, points: 100 },
    ];
    for (const c of [room.op, room.screen, third.client]) await predictors(c, rows);
    expect(await standing(ana.client)).toEqual({ points: 300, rank: 1 });
    for (const m of [ben, cara]) expect(await standing(m.client)).toEqual({ points: 100, rank: 2 });
    const snapshot = await crashSync(third.client);
    expect(snapshot.me).toMatchObject({ id: third.audienceId, points: 100, rank: 2 });
    expect(snapshot.predictors).toEqual(rows);
    expect((await crashSync(room.screen)).predictors).toEqual(rows);
    const fresh = await ctx.connect(ana.token);
    expect(fresh.messages('state')[0]?.me).toMatchObject({ name: 'Ana', points: 300, rank: 1 });
  });

  it('re-scores on amend, retest, void and a move to another test: points move, never double', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    const ben = await room.member({ name: 'Ben' });
    await addEntries(room.op, entry('kestrel'));
    await openPoll(room.op, prediction('p-stars'));
    await openPoll(room.op, prediction('p-bands', 'side', BANDS));
    await openPoll(room.op, prediction('p-front', 'frontal'));
    for (const [who, picks] of [
      [ana, ['s4', 'high', 's1']],
      [ben, ['s5', 'low', 's2']],
    ] as const) {
      for (const [i, pollId] of ['p-stars', 'p-bands', 'p-front'].entries()) {
        await vote(who.client, pollId, { optionIds: [picks[i] ?? ''] });
      }
    }
    const expectPoints = async (a: AckData<'crash:standing'>, b: AckData<'crash:standing'>): Promise<void> => {
      expect([await standing(ana.client), await standing(ben.client)]).toEqual([a, b]);
    };
    const none = { points: 0, rank: null };
    const result = (id: string, test: string, score: number, stars: number): Promise<Result> =>
      sendResult(room.op, { id, entryId: 'kestrel', test, score, stars });

    await result('r1', 'side', 88, 4);
    await expectPoints({ points: 200, rank: 1 }, none);
    await predictors(room.screen, [{ rank: 1, id: ana.audienceId, name: 'Ana', country: null, points: 200 }]);
    await result('r1', 'side', 70, 5); // amended
    await expectPoints(none, { points: 200, rank: 1 });
    await result('r2', 'side', 92, 4); // a better retest
    await expectPoints({ points: 200, rank: 1 }, none);
    await result('r2', 'side', 92, 4); // the same again
    await expectPoints({ points: 200, rank: 1 }, none);
    await result('r3', 'frontal', 10, 1); // another test: only p-front
    await expectPoints({ points: 300, rank: 1 }, none);

    okData(await room.op.send('crash:void', { resultId: 'r2' }));
    await expectPoints({ points: 100, rank: 2 }, { points: 200, rank: 1 });
    const benTop = await predictors(room.op, [
      { rank: 1, id: ben.audienceId, name: 'Ben', country: null, points: 200 },
      { rank: 2, id: ana.audienceId, name: 'Ana', country: null, points: 100 },
    ]);
    okData(await room.op.send('crash:void', { resultId: 'r1' }));
    await expectPoints({ points: 100, rank: 1 }, none);
    // r3 moves from frontal to side: p-front loses its result, p-stars and p-bands get one.
    await result('r3', 'side', 85, 4);
    await expectPoints({ points: 200, rank: 1 }, none);
    okData(await room.op.send('crash:void', { resultId: 'r3' }));
    await expectPoints(none, none);

    for (const c of [ana.client, ben.client, room.screen]) await drain(c);
    expect(corrections(ana.client, 'p-stars')).toEqual([undefined, ['s4'], ['s5'], ['s4'], ['s5'], [], ['s4'], []]);
    expect(corrections(ben.client, 'p-bands')).toEqual([
      undefined,
      ['high'],
      ['low'],
      ['high'],
      ['low'],
      [],
      ['high'],
      [],
    ]);
    expect(corrections(room.screen, 'p-front')).toEqual([undefined, ['s1'], []]);
    await predictors(ana.client, [], benTop.version);
    expect((await crashSync(ana.client)).me).toMatchObject({ points: 0, rank: null });
    expect((await crashSync(room.op)).predictors).toEqual([]);
  });

  it('refuses a prediction of an unknown entry, and opening one whose result is in; a void result reopens it', async () => {
    const room = await ctx.room();
    await addEntries(room.op, entry('kestrel'));
    expect(
      errorOf(
        await room.op.send('poll:create', { ...prediction('p-ghost'), predicts: { entryId: 'ghost', test: 'side' } }),
      ).code,
    ).toBe('NOT_FOUND');
    okData(await room.op.send('poll:create', prediction('p-late')));
    await sendResult(room.op, { id: 'r1', entryId: 'kestrel', test: 'side', score: 70, stars: 3 });
    const late = errorOf(await room.op.send('poll:open', { pollId: 'p-late' }));
    expect(late.code).toBe('CONFLICT');
    const polls = (await crashSync(room.op)).polls;
    expect(polls.map((p) => [p.id, p.status])).toEqual([['p-late', 'draft']]);
    okData(await room.op.send('crash:void', { resultId: 'r1' }));
    expect(okData(await room.op.send('poll:open', { pollId: 'p-late' })).status).toBe('open');
  });

  it('a result whose settling failed is settled when it is sent again, and scored once', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    await addEntries(room.op, entry('kestrel'));
    await openPoll(room.op, prediction('p-stars'));
    await vote(ana.client, 'p-stars', { optionIds: ['s4'] });
    const polls = ctx.app.app.get(PollsService);
    const failing = jest.spyOn(polls, 'settle').mockRejectedValueOnce(new Error('Connection is closed.'));
    const payload = { id: 'r1', entryId: 'kestrel', test: 'side', score: 88, stars: 4 };
    expect(errorOf(await room.op.send('crash:result', payload)).code).toBe('UNAVAILABLE');
    failing.mockRestore();
    expect((await crashSync(room.op)).polls[0]).toMatchObject({ id: 'p-stars', status: 'open' });
    expect(await sendResult(room.op, payload)).toMatchObject(payload);
    expect((await waitSettled(ana.client, 'p-stars', ['s4'])).poll.status).toBe('closed');
    await sendResult(room.op, payload);
    expect(await standing(ana.client)).toEqual({ points: 100, rank: 1 });
  });

  it("the README's curl pushes a result over HTTP: board, prediction and points follow", async () => {
    const { operator, screen } = await seedDemo(ctx.app.app);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('curl') && l.includes('/crash/results'));
    expect(line).toContain('$BASE/api/events/demo/crash/results');
    const ana = await join(ctx.url, 'demo', { name: 'Ana', country: 'ES' });
    const anaClient = await ctx.connect(ana.token);
    const screenClient = await ctx.connect(screen);
    const opened = await ctx.api('POST', '/api/events/demo/polls/predict-kestrel-side/open', undefined, operator);
    expect(opened.status).toBe(200);
    await vote(anaClient, 'predict-kestrel-side', { optionIds: ['s4'] });

    const env = { ...process.env, BASE: ctx.url, OP: operator };
    const { stdout } = await run('sh', ['-c', line ?? 'false'], { env });
    const pushed = JSON.parse(stdout) as Result;
    expect(pushed).toEqual({
      id: 'r-1',
      entryId: 'kestrel-x',
      test: 'side',
      score: 88,
      stars: 4,
      status: 'valid',
      at: expect.any(Number) as unknown,
    });
    const { board } = await screenClient.waitFor('crash:board', (m) =>
      m.board.rows.some((r) => r.entryId === 'kestrel-x' && r.total === 88),
    );
    expect(board.rows.map((r) => [r.entryId, r.rank, r.total])).toEqual([
      ['aurora-ev', 1, 91.5],
      ['kestrel-x', 2, 88],
    ]);
    expect((await waitSettled(anaClient, 'predict-kestrel-side', ['s4'])).poll.status).toBe('closed');
    expect(await standing(anaClient)).toEqual({ points: 100, rank: 1 });
    // Run twice, it is the same result: nothing moves.
    expect(JSON.parse((await run('sh', ['-c', line ?? 'false'], { env })).stdout)).toEqual(pushed);
    expect(await standing(anaClient)).toEqual({ points: 100, rank: 1 });
  });
});
