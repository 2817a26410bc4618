import { call, type Call } from '../support/app.js';
import { addEntries, crashSync, entry, sendResult } from './crash-support.js';
import { MODES, detailFields, errorOf, okData, useApp } from './helpers.js';
import type { Board, Result } from '../support/protocol.js';

describe.each(MODES)('crash challenge: audit and access (%s)', (mode) => {
  const ctx = useApp(mode);

  it('keeps an audit trail of every change of a result, over the socket and REST, for operators only', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    await addEntries(room.op, entry('a'));
    const created = await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 80 });
    await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 80 });
    const other = await sendResult(room.op, { id: 'r2', entryId: 'a', test: 'roof', score: 50 });
    const amended = await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 82 });
    const voided = okData(await room.op.send('crash:void', { resultId: 'r1' }));
    const by = { id: expect.any(String) as unknown, name: 'operator' };
    const trail = okData(await room.op.send('crash:audit', { resultId: 'r1' }));
    expect(trail).toEqual([
      { at: created.at, by, action: 'create', resultId: 'r1', before: null, after: created },
      { at: amended.at, by, action: 'amend', resultId: 'r1', before: created, after: amended },
      { at: expect.any(Number) as unknown, by, action: 'void', resultId: 'r1', before: amended, after: voided },
    ]);
    const all = okData(await room.op.send('crash:audit', {}));
    expect(all.map((a) => [a.resultId, a.action])).toEqual([
      ['r1', 'create'],
      ['r2', 'create'],
      ['r1', 'amend'],
      ['r1', 'void'],
    ]);
    expect(all[1]?.after).toEqual(other);
    const base = `/api/events/${room.id}/crash/audit`;
    expect(await ctx.api('GET', `${base}?resultId=r1`, undefined, room.opToken)).toMatchObject({
      status: 200,
      body: trail,
    });
    expect((await ctx.api('GET', base, undefined, room.opToken)).body).toEqual(all);
    expect((await ctx.api('GET', `${base}?resultId=r3`, undefined, room.opToken)).body).toEqual([]);
    for (const c of [room.screen, ana.client]) {
      expect(errorOf(await c.send('crash:audit', {})).code).toBe('FORBIDDEN');
    }
    for (const token of [room.screenToken, ana.token]) {
      expect(await ctx.api('GET', base, undefined, token)).toMatchObject({
        status: 403,
        body: { ok: false, error: { code: 'FORBIDDEN' } },
      });
    }
  });

  it('refuses the commands of other roles (FORBIDDEN) and bad payloads (VALIDATION_FAILED), changing nothing', async () => {
    const room = await ctx.room();
    const ana = await room.member();
    await addEntries(room.op, entry('a'));
    await sendResult(room.op, { id: 'r1', entryId: 'a', test: 'side', score: 50 });
    const before = await crashSync(room.op);
    const commands: Call[] = [
      call('crash:entry', entry('z')),
      call('crash:result', { id: 'r2', entryId: 'a', test: 'side', score: 99 }),
      call('crash:void', { resultId: 'r1' }),
      call('crash:freeze', { frozen: true }),
      call('crash:audit', {}),
    ];
    for (const c of [room.screen, ana.client]) {
      for (const { event, send } of commands) {
        expect({ event, code: errorOf(await send(c)).code }).toEqual({ event, code: 'FORBIDDEN' });
      }
    }
    for (const c of [room.op, room.screen]) expect(errorOf(await c.send('crash:standing', {})).code).toBe('FORBIDDEN');

    const ok = { id: 'r3', entryId: 'a', test: 'side', score: 50 };
    const bad: [string, Record<string, unknown>, string[]][] = [
      ['crash:result', { ...ok, score: 101 }, ['score']],
      ['crash:result', { ...ok, score: -1 }, ['score']],
      ['crash:result', { ...ok, score: 88.123 }, ['score']],
      ['crash:result', { ...ok, score: '88' }, ['score']],
      ['crash:result', { ...ok, stars: 6 }, ['stars']],
      ['crash:result', { ...ok, stars: 4.5 }, ['stars']],
      ['crash:result', { ...ok, metrics: { hic: 'high' } }, ['metrics']],
      ['crash:result', { ...ok, metrics: [310] }, ['metrics']],
      ['crash:result', { ...ok, metrics: { 'head injury': 310 } }, ['metrics']],
      [
        'crash:result',
        { ...ok, metrics: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`m${i}`, i])) },
        ['metrics'],
      ],
      ['crash:result', { ...ok, id: 'r 3', test: 'side/pole' }, ['id', 'test']],
      ['crash:result', { id: 'r3', score: 50 }, ['entryId', 'test']],
      ['crash:entry', { id: 'z', name: 'Z' }, ['brand']],
      ['crash:entry', { ...entry('z'), country: 'XX' }, ['country']],
      ['crash:void', {}, ['resultId']],
      ['crash:freeze', { frozen: 'yes' }, ['frozen']],
    ];
    for (const [event, payload, fields] of bad) {
      const error = errorOf(await room.op.sendRaw(event, payload));
      expect({ payload, fields: [...new Set(detailFields(error))].sort() }).toEqual({ payload, fields });
    }
    const viaHttp = await ctx.api('POST', `/api/events/${room.id}/crash/results`, { ...ok, score: 101 }, room.opToken);
    expect(viaHttp).toMatchObject({ status: 400, body: await room.op.send('crash:result', { ...ok, score: 101 }) });
    const forbidden = await ctx.api('POST', `/api/events/${room.id}/crash/results`, ok, ana.token);
    expect(forbidden).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });
    const entryHttp = await ctx.api('POST', `/api/events/${room.id}/crash/entries`, entry('z'), room.screenToken);
    expect(entryHttp.status).toBe(403);
    const { serverTime: _t1, ...after } = await crashSync(room.op);
    const { serverTime: _t2, ...was } = before;
    expect(after).toEqual(was);
  });

  it('mirrors the operator commands over REST (200) with the same data and broadcasts', async () => {
    const room = await ctx.room();
    const base = `/api/events/${room.id}/crash`;
    const seq = (await crashSync(room.op)).seq;
    const car = entry('a', { model: 'Sport', country: 'se' });
    const added = await ctx.api('POST', `${base}/entries`, car, room.opToken);
    expect(added).toMatchObject({ status: 200, body: { ...car, country: 'SE' } });
    const result = { id: 'r1', entryId: 'a', test: 'side', score: 77.25, stars: 3, metrics: { hic: 1 } };
    const pushed = await ctx.api<Result>('POST', `${base}/results`, result, room.opToken);
    expect(pushed).toMatchObject({ status: 200, body: { ...result, status: 'valid' } });
    const voided = await ctx.api<Result>('POST', `${base}/results/r1/void`, undefined, room.opToken);
    expect(voided).toMatchObject({ status: 200, body: { ...result, status: 'void' } });
    const frozen = await ctx.api<Board>('POST', `${base}/freeze`, { frozen: true }, room.opToken);
    expect(frozen).toMatchObject({ status: 200, body: { frozen: true } });
    const screenBoard = await room.screen.waitFor('crash:board', (m) => m.seq === seq + 4);
    expect(screenBoard.board).toMatchObject({ frozen: true, tests: [], rows: [{ entryId: 'a', total: 0 }] });
    expect((await crashSync(room.op)).seq).toBe(seq + 4);
    const badAudit = await ctx.api('GET', `${base}/audit?resultId=bad%20id`, undefined, room.opToken);
    expect(badAudit.status).toBe(400);
    expect(badAudit.body).toEqual(await room.op.send('crash:audit', { resultId: 'bad id' }));
    expect(detailFields(errorOf(await room.op.send('crash:audit', { resultId: 'bad id' })))).toEqual(['resultId']);
  });
});
