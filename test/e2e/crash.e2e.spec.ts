import type { Client } from '../support/app.js';
import {
  addEntries,
  boardAt,
  boards,
  crashSync,
  entry,
  expectGaplessSeq,
  ranking,
  sendResult,
} from './crash-support.js';
import { MODES, drain, errorOf, okData, useApp } from './helpers.js';
import type { Board, BroadcastPayload, Result } from '../support/protocol.js';

const TOP_N = 2;
const EMPTY: Board = { version: 0, frozen: false, tests: [], rows: [] };

/** Waits for the `state:seq` (a change this client does not see) that carries `seq`. */
async function seqSeen(client: Client, seq: number): Promise<void> {
  await client.waitFor('state:seq', (m) => m.seq === seq);
}

describe.each(MODES)('crash challenge (%s)', (mode) => {
  const ctx = useApp(mode, { env: { BOARD_TOP_N: String(TOP_N) } });

  it('sends results as crash:board with seq: operators every row, audience and screens the top N', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    const everyone = [room.op, room.screen, ana.client];
    for (const c of everyone) expect(c.messages('state')[0]?.board).toEqual(EMPTY);
    const seq0 = (await crashSync(room.op)).seq;

    await addEntries(room.op, entry('a', { model: 'AWD', country: 'DE' }), entry('b'), entry('c'));
    const noResults = await boardAt(room.op, seq0 + 3);
    expect(ranking(noResults.board)).toEqual([
      ['a', 1, 0],
      ['b', 1, 0],
      ['c', 1, 0],
    ]);
    expect((await boardAt(ana.client, seq0 + 3)).board.rows).toHaveLength(TOP_N);
    // The same entry again: same ack, nothing else.
    expect(okData(await room.op.send('crash:entry', entry('b')))).toEqual(entry('b'));

    const r1 = await sendResult(room.op, {
      id: 'r1',
      entryId: 'a',
      test: 'side',
      score: 80,
      stars: 4,
      metrics: { hic: 310 },
    });
    expect(r1).toEqual({
      id: 'r1',
      entryId: 'a',
      test: 'side',
      score: 80,
      stars: 4,
      metrics: { hic: 310 },
      status: 'valid',
      at: expect.any(Number) as unknown,
    });
    expect((await boardAt(room.screen, seq0 + 4)).board.rows[0]).toEqual({
      rank: 1,
      entryId: 'a',
      name: 'Car a',
      brand: 'Brand a',
      total: 80,
      stars: 0,
      scores: { side: 80 },
    });
    await sendResult(room.op, { id: 'r2', entryId: 'b', test: 'side', score: 90, stars: 5 });
    await sendResult(room.op, { id: 'r3', entryId: 'c', test: 'frontal', score: 85.5 });
    const full = (await boardAt(room.op, seq0 + 6)).board;
    expect(full).toMatchObject({ frozen: false, tests: ['frontal', 'side'] });
    expect(ranking(full)).toEqual([
      ['b', 1, 90],
      ['c', 2, 85.5],
      ['a', 3, 80],
    ]);
    expect(full.rows[0]?.stars).toBe(1);
    const shown = { ...full, rows: full.rows.slice(0, TOP_N) };
    for (const c of [room.screen, ana.client]) expect((await boardAt(c, seq0 + 6)).board).toEqual(shown);

    expect((await crashSync(room.op)).board).toEqual(full);
    for (const c of [room.screen, ana.client]) expect((await crashSync(c)).board).toEqual(shown);
    const path = `/api/events/${room.id}/crash/board`;
    expect((await ctx.api<Board>('GET', path, undefined, room.opToken)).body).toEqual(full);
    for (const token of [room.screenToken, ana.token]) {
      expect(await ctx.api<Board>('GET', path, undefined, token)).toMatchObject({ status: 200, body: shown });
    }
    for (const c of everyone) {
      expect(boards(c).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6].map((i) => seq0 + i));
      expectGaplessSeq(c);
    }
  });

  it('amends and voids; the same result again changes nothing: the stored ack, no seq, no broadcast', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    await addEntries(room.op, entry('a'), entry('b'));
    await sendResult(room.op, { id: 'rb', entryId: 'b', test: 'side', score: 75 });
    const first = await sendResult(room.op, {
      id: 'r1',
      entryId: 'a',
      test: 'side',
      score: 80,
      metrics: { x: 1, y: 2 },
    });
    const { seq } = await crashSync(room.op);
    const counts = (): number[] => [room.op, room.screen, ana.client].map((c) => boards(c).length);
    for (const c of [room.op, room.screen, ana.client]) await boardAt(c, seq);
    const before = counts();

    const again = { id: 'r1', entryId: 'a', test: 'side', score: 80, metrics: { y: 2, x: 1 } };
    expect(okData(await room.op.send('crash:result', again))).toEqual(first);
    const viaHttp = await ctx.api<Result>('POST', `/api/events/${room.id}/crash/results`, again, room.opToken);
    expect(viaHttp).toMatchObject({ status: 200, body: first });
    for (const c of [room.op, room.screen, ana.client]) await drain(c);
    expect(counts()).toEqual(before);
    expect((await crashSync(room.op)).seq).toBe(seq);

    const amended = await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 95, stars: 5 });
    expect(amended).toMatchObject({ id: 'r1', score: 95, stars: 5, status: 'valid' });
    expect(amended.at).toBeGreaterThanOrEqual(first.at);
    expect(amended.metrics).toBeUndefined();
    expect(ranking((await boardAt(ana.client, seq + 1)).board)).toEqual([
      ['a', 1, 95],
      ['b', 2, 75],
    ]);
    await sendResult(room.op, { id: 'r1-retest', entryId: 'a', test: 'side', score: 70 });
    const voided = okData(await room.op.send('crash:void', { resultId: 'r1' }));
    expect(voided).toEqual({ ...amended, status: 'void' });
    expect(ranking((await boardAt(room.screen, seq + 3)).board)).toEqual([
      ['b', 1, 75],
      ['a', 2, 70],
    ]);
    expect(okData(await room.op.send('crash:void', { resultId: 'r1' }))).toEqual(voided);
    const voidPath = `/api/events/${room.id}/crash/results/r1/void`;
    expect(await ctx.api('POST', voidPath, undefined, room.opToken)).toMatchObject({ status: 200, body: voided });
    expect((await crashSync(room.op)).seq).toBe(seq + 3);
    // New content makes a void result valid again.
    const back = await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 60 });
    expect(back.status).toBe('valid');
    expect(ranking((await boardAt(room.op, seq + 4)).board)).toEqual([
      ['b', 1, 75],
      ['a', 2, 70],
    ]);

    const missing = errorOf(await room.op.send('crash:result', { id: 'r9', entryId: 'ghost', test: 'side', score: 1 }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(errorOf(await room.op.send('crash:void', { resultId: 'nope' })).code).toBe('NOT_FOUND');
    expect(
      await ctx.api('POST', `/api/events/${room.id}/crash/results/nope/void`, undefined, room.opToken),
    ).toMatchObject({
      status: 404,
      body: { ok: false, error: { code: 'NOT_FOUND' } },
    });
    expect((await crashSync(room.op)).seq).toBe(seq + 4);
    for (const c of [room.op, room.screen, ana.client]) expectGaplessSeq(c);
  });

  it('freezes the public board: operators stay live, the public keep the frozen one until unfrozen', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    const publicClients = [room.screen, ana.client];
    await addEntries(room.op, entry('a'), entry('b'), entry('c'));
    await sendResult(room.op, { id: 'ra', entryId: 'a', test: 'side', score: 90 });
    await sendResult(room.op, { id: 'rb', entryId: 'b', test: 'side', score: 80 });
    const { seq } = await crashSync(room.op);

    const opBoard = okData(await room.op.send('crash:freeze', { frozen: true }));
    expect(opBoard.frozen).toBe(true);
    expect(ranking(opBoard)).toEqual([
      ['a', 1, 90],
      ['b', 2, 80],
      ['c', 3, 0],
    ]);
    expect((await boardAt(room.op, seq + 1)).board).toEqual(opBoard);
    const frozen = (await boardAt(ana.client, seq + 1)).board;
    expect(frozen).toEqual({ ...opBoard, version: frozen.version, rows: opBoard.rows.slice(0, TOP_N) });
    expect((await boardAt(room.screen, seq + 1)).board).toEqual(frozen);

    await sendResult(room.op, { id: 'rc', entryId: 'c', test: 'side', score: 99 });
    const live = (await boardAt(room.op, seq + 2)).board;
    expect(live.frozen).toBe(true);
    expect(ranking(live)[0]).toEqual(['c', 1, 99]);
    for (const c of publicClients) await seqSeen(c, seq + 2);
    // Freezing again changes nothing.
    expect(okData(await room.op.send('crash:freeze', { frozen: true }))).toEqual(live);
    for (const c of publicClients) {
      await drain(c);
      expect(boards(c).map((m) => m.seq)).toEqual([
        ...boards(c)
          .map((m) => m.seq)
          .filter((s) => s <= seq),
        seq + 1,
      ]);
      expect((await crashSync(c)).board).toEqual(frozen);
    }
    const late = await ctx.connect(room.screenToken);
    expect(late.messages('state')[0]?.board).toEqual(frozen);
    const path = `/api/events/${room.id}/crash/board`;
    expect((await ctx.api<Board>('GET', path, undefined, ana.token)).body).toEqual(frozen);
    expect((await ctx.api<Board>('GET', path, undefined, room.opToken)).body).toEqual(live);

    const unfrozen = await ctx.api<Board>(
      'POST',
      `/api/events/${room.id}/crash/freeze`,
      { frozen: false },
      room.opToken,
    );
    expect(unfrozen.status).toBe(200);
    const liveAgain = unfrozen.body as Board;
    expect(liveAgain.frozen).toBe(false);
    expect(ranking(liveAgain).map(([id]) => id)).toEqual(['c', 'a', 'b']);
    expect((await boardAt(room.op, seq + 3)).board).toEqual(liveAgain);
    for (const c of [...publicClients, late]) {
      const m: BroadcastPayload<'crash:board'> = await boardAt(c, seq + 3);
      expect(m.board).toEqual({ ...liveAgain, rows: liveAgain.rows.slice(0, TOP_N) });
    }
    expect(okData(await room.op.send('crash:freeze', { frozen: false }))).toEqual(liveAgain);
    expect((await crashSync(room.op)).seq).toBe(seq + 3);
    for (const c of [room.op, ...publicClients]) expectGaplessSeq(c);
  });
});
