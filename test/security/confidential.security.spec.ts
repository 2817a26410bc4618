import { http, type Client } from '../support/app.js';
import { MODES, drain, okData, openPoll, singlePoll, useApp, vote, waitTally } from '../e2e/helpers.js';
import { addEntries, entry, sendResult } from '../e2e/crash-support.js';
import { ask, expectPublicShape, moderate } from '../e2e/forum-support.js';
import { GENEROUS_LIMITS } from './staged.js';
import type { Broadcast, Question, Role } from '../support/protocol.js';

const TOP_N = 2;
/** What a screen and the audience may receive at all (PROTOCOL sections 3-7, docs/protocol.md). */
const PUBLIC_EVENTS: Broadcast[] = ['state', 'state:seq', 'poll:updated', 'poll:tally', 'stage:cue', 'reaction:burst'];
PUBLIC_EVENTS.push('qa:question', 'qa:removed', 'qa:upvotes', 'qa:settings', 'crash:board', 'screen:scene');
PUBLIC_EVENTS.push('crash:predictors', 'server:draining');
const ALLOWED: Record<Exclude<Role, 'operator'>, Broadcast[]> = {
  audience: [...PUBLIC_EVENTS, 'qa:mine'],
  screen: PUBLIC_EVENTS,
};

/** Every object inside a value, itself included. */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) yield value as Record<string, unknown>;
  for (const item of Object.values(value)) yield* objects(item);
}

describe.each(MODES)('what only operators may see (%s)', (mode) => {
  const ctx = useApp(mode, { env: { ...GENEROUS_LIMITS, BOARD_TOP_N: String(TOP_N) } });

  it('never reaches a screen or the audience: drafts, hidden tallies, held questions, authors, the full or live board', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    // Bob writes what must stay with the operators; Ana and the screen watch everything they get.
    const bob = await room.member({ name: 'SECRETBOB', country: 'FR' });
    const secrets = ['SECRET', bob.audienceId, 'secretdraft'];
    okData(
      await room.op.send('poll:create', {
        id: 'secretdraft',
        kind: 'single',
        question: { en: 'SECRET draft question?' },
        options: [
          { id: 'a', label: { en: 'SECRET option' } },
          { id: 'b', label: { en: 'B' } },
        ],
      }),
    );
    await openPoll(room.op, singlePoll('hidden', 'hidden'));
    await openPoll(room.op, singlePoll('later', 'on-reveal'));
    await vote(ana.client, 'hidden', { optionIds: ['a'] });
    await vote(bob.client, 'later', { optionIds: ['b'] });
    for (const id of ['hidden', 'later']) await waitTally(room.screen, id, (t) => t.total === 1);

    await ask(bob.client, 'SECRET pending question about the brakes?');
    await moderate(room.op, (await ask(bob.client, 'SECRET rejected question about seats?')).id, 'reject');
    await ask(bob.client, 'SECRET what the fuck is this car?');
    const anonymous = await ask(bob.client, 'Is the anonymous one visible?', { anonymous: true });
    await moderate(room.op, anonymous.id, 'approve');

    await addEntries(room.op, entry('e1'), entry('e2'), entry('e3', { name: 'SECRET third', brand: 'SECRET brand' }));
    await sendResult(room.op, { id: 'r1', entryId: 'e1', test: 'frontal', score: 90 });
    await sendResult(room.op, { id: 'r2', entryId: 'e2', test: 'frontal', score: 80 });
    await sendResult(room.op, { id: 'r3', entryId: 'e3', test: 'frontal', score: 10 });
    okData(await room.op.send('crash:freeze', { frozen: true }));
    // After the freeze, e3 leads the live board: the operators' news only.
    await sendResult(room.op, { id: 'r4', entryId: 'e3', test: 'side', score: 100, stars: 5 });
    okData(await room.op.send('crash:audit', {}));
    await room.op.waitFor('ops:figures');

    const watchers: Record<Exclude<Role, 'operator'>, { client: Client; token: string }> = {
      audience: { client: ana.client, token: ana.token },
      screen: { client: room.screen, token: room.screenToken },
    };
    for (const [role, { client, token }] of Object.entries(watchers) as [
      keyof typeof watchers,
      (typeof watchers)['screen'],
    ][]) {
      await drain(client);
      const got: { event: string; payload: unknown }[] = [...client.received];
      for (const path of ['state', 'crash/board']) {
        const res = await http(ctx.url, 'GET', `/api/events/${room.id}/${path}`, undefined, token);
        got.push({ event: `GET ${path}`, payload: res.body });
      }
      const text = JSON.stringify(got);
      expect({ role, leaks: secrets.filter((s) => text.includes(s)) }).toEqual({ role, leaks: [] });
      const events = [...new Set(client.received.map((m) => m.event))];
      expect({ role, extra: events.filter((e) => !ALLOWED[role].includes(e)) }).toEqual({ role, extra: [] });
      for (const o of objects(got)) {
        if ('author' in o && 'upvotes' in o) expectPublicShape(o as unknown as Question);
        if ('kind' in o && 'results' in o)
          expect({ role, id: o.id, status: o.status }).not.toMatchObject({ status: 'draft' });
        if ('rows' in o && 'frozen' in o) expect((o.rows as unknown[]).length).toBeLessThanOrEqual(TOP_N);
        // The audience gets no tally of a poll whose results wait for the reveal.
        const tallyOf = typeof o.pollId === 'string' && 'counts' in o ? o.pollId : 'tally' in o ? o.id : null;
        if (role === 'audience') expect(['hidden', 'later']).not.toContain(tallyOf);
      }
    }
    // Screens do get every tally (they show what the operator reveals), and operators everything.
    expect(room.screen.messages('poll:tally').map((t) => t.pollId)).toEqual(
      expect.arrayContaining(['hidden', 'later']),
    );
    const opText = JSON.stringify(room.op.received);
    for (const s of ['SECRET draft', 'SECRET pending', 'SECRET rejected', 'SECRET third', bob.audienceId])
      expect(opText).toContain(s);
  });
});
