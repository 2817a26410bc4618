import { jest } from '@jest/globals';
import WebSocket from 'ws';
import { EVENT_STORE, type EventStore } from '../../src/events/event.store.js';
import { SnapshotService } from '../../src/events/snapshot.service.js';
import { Admission } from '../../src/limits/admission.js';
import { createEvent, staffToken } from '../support/app.js';
import { eventually, expectTooMany, handshakeAs, joinAs, latch } from './abuse-support.js';
import { MODES, okData, openPoll, singlePoll, sync, useApp, vote } from './helpers.js';

const JOINS = 2;

/** A refusal's retry time: jittered between 1 and 5 s. */
function expectJittered(retryAfterMs: number | undefined): void {
  expect(retryAfterMs).toBeGreaterThanOrEqual(1000);
  expect(retryAfterMs).toBeLessThanOrEqual(5000);
}

/** A bare Socket.IO handshake over `ws` that stays open after its answer (the CONNECT_ERROR frame). */
function rawHandshake(url: string, token: string): Promise<{ answer: string; ws: WebSocket }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
      else if (text.startsWith('4')) resolve({ answer: text, ws });
    });
  });
}

describe.each(MODES)('admission control (%s)', (mode) => {
  const ctx = useApp(mode, { env: { JOINS_IN_FLIGHT: String(JOINS), HANDSHAKES_IN_FLIGHT: '1' } });
  const admission = (): Admission => ctx.app.app.get(Admission);
  afterEach(() => jest.restoreAllMocks());

  it('answers joins beyond the bound in flight with 429 and a jittered Retry-After, and lets the held ones finish', async () => {
    const id = ctx.newEventId();
    await createEvent(ctx.url, id);
    const store = ctx.app.app.get<symbol, EventStore>(EVENT_STORE, { strict: false });
    const addPerson = store.addPerson.bind(store);
    const hold = latch();
    jest.spyOn(store, 'addPerson').mockImplementation(async (...args) => {
      await hold.wait;
      return addPerson(...args);
    });
    const held = Array.from({ length: JOINS }, () => joinAs(ctx.url, id));
    await eventually(() => admission().joins.inFlight === JOINS, 'the joins to be in flight');
    const storm = await Promise.all(Array.from({ length: 3 }, () => joinAs(ctx.url, id)));
    for (const reply of storm) {
      const { retryAfterS, retryAfterMs } = expectTooMany(reply);
      expect(retryAfterS).toBeLessThanOrEqual(5);
      expectJittered(retryAfterMs);
    }
    hold.open();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array<number>(JOINS).fill(201));
    expect(admission().joins.inFlight).toBe(0);
    expect((await joinAs(ctx.url, id)).status).toBe(201);
  });

  it('refuses handshakes beyond the bound with RATE_LIMITED until the snapshot of the held one is sent', async () => {
    const room = await ctx.room();
    const snapshots = ctx.app.app.get(SnapshotService, { strict: false });
    const build = snapshots.build.bind(snapshots);
    const hold = latch();
    jest.spyOn(snapshots, 'build').mockImplementationOnce(async (identity) => {
      await hold.wait;
      return build(identity);
    });
    const first = await handshakeAs(ctx.url, room.screenToken);
    const state = new Promise<void>((resolve) => first.socket.once('state', () => resolve()));
    expect(first.outcome).toBe('connected');
    const refused = await handshakeAs(ctx.url, room.screenToken);
    expect(refused.outcome).toBe('RATE_LIMITED');
    expectJittered(refused.data?.retryAfterMs);
    // Connected clients go on meanwhile: admission control is for newcomers.
    okData(await room.op.send('state:sync', {}));
    hold.open();
    await state;
    const next = await handshakeAs(ctx.url, room.screenToken);
    expect(next.outcome).toBe('connected');
    for (const h of [first, next]) h.socket.disconnect();
  });

  it('frees the place of a handshake refused for its token at once, even if its connection stays open', async () => {
    const room = await ctx.room();
    const bad = await rawHandshake(ctx.url, 'not-a-token');
    expect(bad.answer).toContain('UNAUTHORIZED');
    const good = await handshakeAs(ctx.url, room.screenToken);
    expect(good.outcome).toBe('connected');
    good.socket.disconnect();
    bad.ws.close();
  });

  it('refuses joins and handshakes while the event loop lags, and serves those connected', async () => {
    const room = await ctx.room();
    const [ana] = await room.members(1);
    const poll = await openPoll(room.op, singlePoll('p1'));
    jest.spyOn(admission(), 'overloaded', 'get').mockReturnValue(true);
    expectTooMany(await joinAs(ctx.url, room.id));
    const refused = await handshakeAs(ctx.url, await staffToken(ctx.url, room.id, 'screen'));
    expect(refused.outcome).toBe('RATE_LIMITED');
    await vote(ana.client, poll.id, { optionIds: ['a'] });
    expect((await sync(room.op)).polls[0]?.tally?.total).toBe(1);
    jest.restoreAllMocks();
    expect((await joinAs(ctx.url, room.id)).status).toBe(201);
  });
});
