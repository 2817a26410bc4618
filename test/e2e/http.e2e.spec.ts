import { http, join } from '../support/app.js';
import { MODES, expectGapless, okData, openPoll, singlePoll, stable, sync, useApp, vote, waitSeq } from './helpers.js';
import type { CommandPayload, Cue, ErrorBody, EventState, Poll } from '../support/protocol.js';

type Reply<T> = T | { ok: false; error: ErrorBody };

/** A poll without what differs between two polls made alike: ids and times. */
function comparable(poll: Poll & { createdAt?: number }): unknown {
  const { id: _id, createdAt: _created, openedAt: _opened, closedAt: _closed, tally, ...rest } = poll;
  return { ...rest, tally: tally && { ...tally, pollId: 'x' } };
}

describe.each(MODES)('HTTP (%s)', (mode) => {
  const ctx = useApp(mode);
  const api = <T>(method: string, path: string, body?: unknown, token?: string) =>
    http<Reply<T>>(ctx.url, method, path, body, token);

  it('mirrors the socket commands: the same data, and the same error bodies with a 4xx', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    const base = `/api/events/${room.id}`;
    const alike = (id: string): Record<string, unknown> => ({
      ...singlePoll(id, 'on-reveal'),
      question: { en: 'Same?' },
    });
    const viaSocket = okData(await room.op.send('poll:create', alike('s')));
    const created = await api<Poll>('POST', `${base}/polls`, alike('h'), room.opToken);
    expect(created.status).toBe(201);
    expect(comparable(created.body as Poll)).toEqual(comparable(viaSocket));
    for (const verb of ['open', 'close', 'reveal'] as const) {
      const socketPoll = okData(await room.op.send(`poll:${verb}`, { pollId: 's' }));
      const res = await api<Poll>('POST', `${base}/polls/h/${verb}`, undefined, room.opToken);
      expect({ verb, status: res.status }).toEqual({ verb, status: 200 });
      expect(comparable(res.body as Poll)).toEqual(comparable(socketPoll));
    }
    const cue: CommandPayload<'stage:cue'> = {
      kind: 'countdown',
      title: 'Doors',
      body: 'Keynote starts',
      until: Date.now() + 60_000,
    };
    const socketCue = okData(await room.op.send('stage:cue', cue));
    const httpCue = await api<Cue>('POST', `${base}/stage/cue`, cue, room.opToken);
    expect(httpCue.status).toBe(200);
    const { id: _a, at: _b, ...fromHttp } = httpCue.body as Cue;
    const { id: _c, at: _d, ...fromSocket } = socketCue;
    expect(fromHttp).toEqual(fromSocket);
    expect(fromHttp).toMatchObject(cue);

    okData(await room.op.send('poll:create', singlePoll('d')));
    const errors: [string, string, unknown, string, unknown, number][] = [
      ['POST', `${base}/polls`, { kind: 'single', question: 'Q' }, 'poll:create', undefined, 400],
      ['POST', `${base}/polls`, [singlePoll('arr')], 'poll:create', undefined, 400],
      ['POST', `${base}/polls`, { ...singlePoll('x'), extra: 1 }, 'poll:create', undefined, 400],
      ['POST', `${base}/polls`, singlePoll('s'), 'poll:create', undefined, 409],
      ['POST', `${base}/polls/nope/open`, undefined, 'poll:open', { pollId: 'nope' }, 404],
      ['POST', `${base}/polls/d/close`, undefined, 'poll:close', { pollId: 'd' }, 409],
      ['POST', `${base}/polls/d/reveal`, undefined, 'poll:reveal', { pollId: 'd' }, 409],
      ['POST', `${base}/stage/cue`, { kind: 'party' }, 'stage:cue', undefined, 400],
    ];
    const before = await stable(room.op);
    for (const [method, path, body, event, payload, status] of errors) {
      const res = await api(method, path, body, room.opToken);
      const ack = await room.op.sendRaw(event, payload ?? body);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body: ack });
    }
    const forbidden = await api('POST', `${base}/polls`, singlePoll('f'), ana.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual(await ana.client.send('poll:create', singlePoll('f')));
    expect(await stable(room.op)).toEqual(before);
  });

  it('broadcasts a change made over HTTP to the sockets of every role, seq gapless', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    const all = [room.op, room.screen, ana.client];
    const seq0 = room.op.messages('state')[0].seq;
    const base = `/api/events/${room.id}`;
    expect((await api('POST', `${base}/polls`, singlePoll('p'), room.opToken)).status).toBe(201);
    const draft = await room.op.waitFor('poll:updated', (u) => u.seq === seq0 + 1);
    expect(draft.poll).toMatchObject({ id: 'p', status: 'draft' });
    for (const c of [room.screen, ana.client]) await waitSeq(c, seq0 + 1);
    expect((await api('POST', `${base}/polls/p/open`, undefined, room.opToken)).status).toBe(200);
    for (const c of all) {
      const open = await c.waitFor('poll:updated', (u) => u.seq === seq0 + 2);
      expect(open.poll).toMatchObject({ id: 'p', status: 'open' });
    }
    expect((await api('POST', `${base}/stage/cue`, { kind: 'announcement', title: 'Hi' }, room.opToken)).status).toBe(
      200,
    );
    for (const c of all) {
      const cue = await c.waitFor('stage:cue', (m) => m.seq === seq0 + 3);
      expect(cue.cue).toMatchObject({ kind: 'announcement', title: 'Hi' });
      expectGapless(c);
    }
  });

  it('answers GET state as each role sees it, the same as state:sync', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1, () => ({ name: 'Ana', country: 'PT' }));
    okData(await room.op.send('poll:create', singlePoll('draft')));
    await openPoll(room.op, singlePoll('secret', 'hidden'));
    await vote(ana.client, 'secret', { optionIds: ['c'] });
    const path = `/api/events/${room.id}/state`;
    const views: [string, (typeof room)['op']][] = [
      [room.opToken, room.op],
      [room.screenToken, room.screen],
      [ana.token, ana.client],
    ];
    for (const [token, client] of views) {
      const res = await api<EventState>('GET', path, undefined, token);
      expect(res.status).toBe(200);
      const { serverTime: _t, ...state } = res.body as EventState;
      expect(state).toEqual(await stable(client));
    }
    const op = (await api<EventState>('GET', path, undefined, room.opToken)).body as EventState;
    expect(op).toMatchObject({ role: 'operator', me: null, myVotes: {} });
    expect(op.polls.map((p) => [p.id, p.tally?.total])).toEqual([
      ['secret', 1],
      ['draft', 0],
    ]);
    const screen = (await api<EventState>('GET', path, undefined, room.screenToken)).body as EventState;
    expect(screen.polls.map((p) => [p.id, p.tally?.total])).toEqual([['secret', 1]]);
    const aud = (await api<EventState>('GET', path, undefined, ana.token)).body as EventState;
    expect(aud).toMatchObject({ role: 'audience', me: { id: ana.audienceId, name: 'Ana', country: 'PT', koc: false } });
    expect(aud.polls.map((p) => [p.id, p.tally])).toEqual([['secret', undefined]]);
    expect(aud.myVotes).toEqual({ secret: { optionIds: ['c'] } });
  });

  it('exports results as CSV for operators: counts, percents, no formulas', async () => {
    const room = await ctx.room();
    const people = await room.members(4, (i) => (i < 3 ? { country: ['DE', 'DE', 'FR'][i] } : {}));
    await openPoll(room.op, {
      id: 'csv',
      kind: 'single',
      question: { en: '+Which one?' },
      options: [
        { id: 'a', label: { en: '=1+2' } },
        { id: 'b', label: { en: 'Yes, "quoted"' } },
        { id: 'c', label: { en: '@Plain' } },
      ],
    });
    for (const [i, p] of people.entries()) await vote(p.client, 'csv', { optionIds: [i === 2 ? 'b' : 'a'] });
    await openPoll(room.op, { id: 'rate', kind: 'rating', question: { en: 'Rate' }, scale: { min: 1, max: 3 } });
    await vote(people[0].client, 'rate', { value: 3 });
    await vote(people[1].client, 'rate', { value: 2 });
    const path = (id: string): string => `/api/events/${room.id}/polls/${id}/results.csv`;

    const res = await http(ctx.url, 'GET', path('csv'), undefined, room.opToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.text.split('\r\n')).toEqual([
      'section,key,label,count,percent',
      "poll,csv,'+Which one?,4,",
      "option,a,'=1+2,3,75.0",
      'option,b,"Yes, ""quoted""",1,25.0',
      "option,c,'@Plain,0,0.0",
      'country,DE,DE,2,50.0',
      'country,FR,FR,1,25.0',
      '',
    ]);
    const rating = await http(ctx.url, 'GET', path('rate'), undefined, room.opToken);
    expect(rating.text.split('\r\n')).toEqual([
      'section,key,label,count,percent',
      'poll,rate,Rate,2,',
      'mean,rating,,2.5,',
      'value,1,1,0,0.0',
      'value,2,2,1,50.0',
      'value,3,3,1,50.0',
      'country,DE,DE,2,100.0',
      '',
    ]);
    for (const token of [room.screenToken, people[0].token]) {
      const refused = await http<Reply<never>>(ctx.url, 'GET', path('csv'), undefined, token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('serves /health and /ready, and error bodies for unknown routes and broken JSON', async () => {
    expect(await http(ctx.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await http(ctx.url, 'GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    const missing = await http<Reply<never>>(ctx.url, 'GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const room = await ctx.room();
    const broken = await http<Reply<never>>(ctx.url, 'POST', `/api/events/${room.id}/polls`, '{"kind":', room.opToken);
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const joined = await join(ctx.url, room.id, {});
    expect((await sync(await ctx.connect(joined.token))).me?.id).toBe(joined.audienceId);
  });
});
