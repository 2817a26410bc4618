import type { EventReport } from '../../src/protocol/report.js';
import { handshake, MODES, okData, openPoll, singlePoll, useApp, vote, type Member, type Room } from './helpers.js';
import { addEntries, entry, sendResult } from './crash-support.js';
import { ask } from './forum-support.js';
import { quizPayload } from './quiz-support.js';
import { admin, closed, downloadZip, dumpRedis, flushFigures, keysOf } from './event-data-support.js';

const LIMITS = { QA_ASK_LIMIT: '100', COMMAND_RATE: '1000', COMMAND_BURST: '1000' };
/** Names no other test uses: found in a dump of Redis, they can only be theirs. */
const ANA = 'Zyxanaquorth';
const BEN = 'Qwobenthrax';

interface Stage {
  room: Room;
  ana: Member;
  ben: Member;
  /** Ana's second device. */
  anaPhone: Member['client'];
}

/** Ana and Ben vote, ask, answer a quiz and predict; Ana is connected twice. */
async function stage(ctx: ReturnType<typeof useApp>): Promise<Stage> {
  const room = await ctx.room({ inviteCodes: ['KOC-1'] });
  await openPoll(room.op, singlePoll('p1'));
  okData(await room.op.send('quiz:create', quizPayload('q1', { n: 2 })));
  okData(await room.op.send('quiz:next', { quizId: 'q1' }));
  const ana = await room.member({ name: ANA, country: 'NZ', inviteCode: 'KOC-1' });
  const ben = await room.member({ name: BEN, country: 'NZ' });
  const anaPhone = await ctx.connect(ana.token);
  for (const [m, option] of [
    [ana, 'a'],
    [ben, 'b'],
  ] as const) {
    await vote(m.client, 'p1', { optionIds: [option] });
    okData(await m.client.send('quiz:answer', { quizId: 'q1', questionId: 'k1', optionId: option }));
  }
  await ask(ana.client, 'Do the brakes of the new model need a service plan?');
  await ask(ben.client, 'Which tyres does it take?');
  await addEntries(room.op, entry('car1'));
  await sendResult(room.op, { id: 'r1', entryId: 'car1', test: 'frontal', score: 80 });
  return { room, ana, ben, anaPhone };
}

describe.each(MODES)("a person's data: export and erasure; the event's deletion (%s)", (mode) => {
  const ctx = useApp(mode, { env: LIMITS });

  it("exports exactly the asking person's data", async () => {
    const { room, ana, ben } = await stage(ctx);
    const res = await ctx.api<Record<string, unknown>>('GET', '/api/me/export', undefined, ana.token);
    expect(res.status).toBe(200);
    const data = res.body as Record<string, unknown>;
    expect(data.eventId).toBe(room.id);
    expect(data.person).toEqual({
      id: ana.audienceId,
      name: ANA,
      country: 'NZ',
      koc: true,
      joinedAt: expect.any(Number) as unknown,
    });
    expect(Object.keys(data).sort()).toEqual(['crash', 'eventId', 'forum', 'person', 'polls', 'quiz', 'stage'].sort());
    const text = JSON.stringify(data);
    expect(text).toContain('brakes');
    expect(text).not.toContain('tyres');
    expect(text).not.toContain(BEN);
    expect(text).not.toContain(ben.audienceId);
    // Staff have no person's data; only an audience token asks for its own.
    for (const token of [room.opToken, room.screenToken]) {
      expect((await ctx.api('GET', '/api/me/export', undefined, token)).status).toBe(403);
    }
    expect((await ctx.api('GET', '/api/me/export', undefined)).status).toBe(401);
  });

  it('erases a person on their own request: nothing names them, their token is refused, their sockets close', async () => {
    const { room, ana, ben, anaPhone } = await stage(ctx);
    const closing = [closed(ana.client), closed(anaPhone)];
    const before = await ctx.api<EventReport>('GET', `/api/events/${room.id}/report`, undefined, room.opToken);
    expect((await ctx.api('DELETE', '/api/me', undefined, ana.token)).status).toBe(204);
    await Promise.all(closing);
    expect(ben.client.socket.connected).toBe(true);
    expect(await handshake(ctx.url, ana.token)).toBe('UNAUTHORIZED');
    expect((await ctx.api('GET', `/api/events/${room.id}/state`, undefined, ana.token)).status).toBe(401);
    expect((await ctx.api('GET', '/api/me/export', undefined, ana.token)).status).toBe(401);
    expect((await ctx.api('DELETE', '/api/me', undefined, ana.token)).status).toBe(401);
    expect(await handshake(ctx.url, ben.token)).toBe('connected');

    // The counts stay: joins, votes, the question (without author).
    await flushFigures(ctx);
    const after = (await ctx.api<EventReport>('GET', `/api/events/${room.id}/report`, undefined, room.opToken))
      .body as EventReport;
    expect(after.people).toEqual((before.body as EventReport).people);
    expect(after.people).toEqual({ joined: 2, koc: 1, byCountry: { NZ: 2 } });
    expect(after.polls.find((p) => p.id === 'p1')?.tally.total).toBe(2);
    expect(after.forum.total).toBe(2);
    const zip = await downloadZip(ctx, room.id, room.opToken);
    const all = Object.values(zip.files).join('\n');
    expect(all).toContain('brakes');
    expect(all).not.toContain(ANA);
    expect(all).not.toContain(ana.audienceId);
    expect(all).toContain(BEN);

    if (mode === 'redis') {
      // This file's other events hold people of the same names: the event's own keys, and keys of no event.
      const dump = (await dumpRedis(ctx.redis.url)).filter(
        (e) => !e.key.startsWith('{ev:') || e.key.startsWith(`{ev:${room.id}}`),
      );
      const naming = dump.filter((e) => [ANA, ana.audienceId].some((s) => e.key.includes(s) || e.text.includes(s)));
      expect(naming).toEqual([]);
      // The test looks where Ben still is: the dump does hold people's names and ids.
      expect(dump.some((e) => e.text.includes(BEN) && e.text.includes(ben.audienceId))).toBe(true);
    }
  });

  it("erases a person at the operator's request; other roles may not", async () => {
    const { room, ana, ben } = await stage(ctx);
    const path = `/api/events/${room.id}/people/${ben.audienceId}`;
    const other = await ctx.room();
    const refusals = [];
    for (const token of [undefined, ana.token, ben.token, room.screenToken, other.opToken]) {
      refusals.push((await ctx.api('DELETE', path, undefined, token)).status);
    }
    expect(refusals).toEqual([401, 403, 403, 403, 403]);
    expect((await ctx.api('DELETE', '/api/me', undefined, room.opToken)).status).toBe(403);
    expect((await ctx.api('DELETE', `/api/events/${room.id}/people/bad%20id`, undefined, room.opToken)).status).toBe(
      400,
    );
    const gone = closed(ben.client);
    expect((await ctx.api('DELETE', path, undefined, room.opToken)).status).toBe(204);
    await gone;
    expect(await handshake(ctx.url, ben.token)).toBe('UNAUTHORIZED');
    expect((await ctx.api('GET', '/api/me/export', undefined, ben.token)).status).toBe(401);
    // Idempotent, and silent about who joined.
    expect((await ctx.api('DELETE', path, undefined, room.opToken)).status).toBe(204);
    expect((await ctx.api('DELETE', `/api/events/${room.id}/people/a-nobody`, undefined, room.opToken)).status).toBe(
      204,
    );
    expect(ana.client.socket.connected).toBe(true);
    if (mode === 'redis') {
      const dump = (await dumpRedis(ctx.redis.url)).filter(
        (e) => !e.key.startsWith('{ev:') || e.key.startsWith(`{ev:${room.id}}`),
      );
      expect(dump.filter((e) => [BEN, ben.audienceId].some((s) => e.key.includes(s) || e.text.includes(s)))).toEqual(
        [],
      );
    }
  });

  it('deletes an event: its sockets get event:deleted and close, no key of it is left, only the admin may', async () => {
    const { room, ana } = await stage(ctx);
    okData(await ana.client.send('reaction:send', { emoji: '👍' }));
    const keep = await ctx.room();
    await openPoll(keep.op, singlePoll('p1'));
    const path = `/api/events/${room.id}`;
    for (const token of [undefined, room.opToken, ana.token]) {
      expect((await ctx.api('DELETE', path, undefined, token)).status).toBe(401);
      expect((await ctx.api('POST', `${path}/reset`, undefined, token)).status).toBe(401);
    }
    if (mode === 'redis') expect((await keysOf(ctx.redis.url, room.id)).length).toBeGreaterThan(5);
    const clients = [room.op, room.screen, ana.client];
    const told = clients.map((c) => c.waitFor('event:deleted'));
    const gone = clients.map((c) => closed(c));
    expect((await admin(ctx, 'DELETE', path)).status).toBe(204);
    expect(await Promise.all(told)).toEqual(clients.map(() => ({ eventId: room.id })));
    await Promise.all(gone);
    if (mode === 'redis') expect(await keysOf(ctx.redis.url, room.id)).toEqual([]);
    await flushFigures(ctx);
    if (mode === 'redis') expect(await keysOf(ctx.redis.url, room.id)).toEqual([]);
    expect(await handshake(ctx.url, room.opToken)).toBe('UNAUTHORIZED');
    expect((await ctx.api('POST', `${path}/join`, {})).status).toBe(404);
    expect((await admin(ctx, 'DELETE', path)).status).toBe(404);
    // Another event is untouched.
    expect((await ctx.api('GET', `/api/events/${keep.id}/state`, undefined, keep.opToken)).status).toBe(200);
    if (mode === 'redis') expect((await keysOf(ctx.redis.url, keep.id)).length).toBeGreaterThan(0);
  });
});
