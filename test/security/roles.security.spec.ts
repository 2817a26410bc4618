import { EVENT_STORE, type EventStore } from '../../src/events/event.store.js';
import { http } from '../support/app.js';
import { MODES, useApp } from '../e2e/helpers.js';
import { toJson } from './hostile.js';
import { CREDS, credToken, refusal, routes } from './routes.js';
import { GENEROUS_LIMITS, ROLES, WHO, commands, frozenState, runAll, stage } from './staged.js';

describe.each(MODES)('roles: every command and route against every caller (%s)', (mode) => {
  const ctx = useApp(mode, { env: GENEROUS_LIMITS });

  it('answers each command FORBIDDEN to every role the protocol does not name, changing nothing; ok to the rest', async () => {
    const s = await stage(ctx);
    const all = commands(s);
    expect(all.map((c) => c.event).sort()).toEqual(Object.keys(WHO).sort());
    const state = await frozenState(ctx, s.room.id, [s.room.op, s.room.screen, s.ana.client]);
    const answers: string[] = [];
    const expected: string[] = [];
    for (const { event, send } of all) {
      for (const role of ROLES.filter((r) => !WHO[event].includes(r))) {
        const ack = await send(s.clients[role]);
        answers.push(`${event} by ${role}: ${ack.ok ? 'ok' : ack.error.code}`);
        expected.push(`${event} by ${role}: FORBIDDEN`);
      }
    }
    expect(answers).toEqual(expected);
    await state.check();
    // The same payloads from the roles the protocol names: every one succeeds.
    await runAll(s);
  });

  it('answers each HTTP route 401 or 403 to every caller the protocol does not name, changing nothing; its success to the rest', async () => {
    const s = await stage(ctx);
    const other = await ctx.room();
    const state = await frozenState(ctx, s.room.id, [s.room.op, s.room.screen, s.ana.client]);
    const otherState = await frozenState(ctx, other.id, [other.op]);
    const all = routes(s, () => ctx.newEventId());
    const call = (route: (typeof all)[number], cred: (typeof CREDS)[number]) =>
      http<{ error?: { code: string } }>(
        ctx.url,
        route.method,
        route.path,
        route.body ? toJson(route.body.payload) : undefined,
        credToken(s, other.opToken, cred),
      );
    const answers: string[] = [];
    const expected: string[] = [];
    for (const route of all) {
      for (const cred of CREDS.filter((c) => !route.who.includes(c))) {
        const res = await call(route, cred);
        const want = refusal(route, cred);
        answers.push(`${route.method} ${route.path} by ${cred}: ${res.status} ${res.body.error?.code}`);
        expected.push(`${route.method} ${route.path} by ${cred}: ${want.status} ${want.code}`);
      }
    }
    expect(answers).toEqual(expected);
    await state.check();
    await otherState.check();
    const created = all.find((r) => r.path === '/api/events')?.body?.payload.id as string;
    expect(await ctx.app.app.get<symbol, EventStore>(EVENT_STORE).get(created)).toBeNull();

    const successes: string[] = [];
    for (const route of all) {
      for (const cred of route.who) {
        const res = await call(route, cred);
        successes.push(`${route.method} ${route.path} by ${cred}: ${res.status} ${res.status < 300 ? '' : res.text}`);
      }
    }
    expect(successes).toEqual(all.flatMap((r) => r.who.map((c) => `${r.method} ${r.path} by ${c}: ${r.status} `)));
  });
});
