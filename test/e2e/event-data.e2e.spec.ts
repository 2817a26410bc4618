import { EventLifecycle } from '../../src/events/event-lifecycle.service.js';
import type { EventReport } from '../../src/protocol/report.js';
import {
  handshake,
  MODES,
  okData,
  openPoll,
  singlePoll,
  sync,
  useApp,
  vote,
  type Member,
  type Room,
} from './helpers.js';
import { ask } from './forum-support.js';
import { quizPayload } from './quiz-support.js';
import { admin, closed, downloadZip, flushFigures, keysOf, parseCsv } from './event-data-support.js';

const LIMITS = { QA_ASK_LIMIT: '100', COMMAND_RATE: '1000', COMMAND_BURST: '1000' };

/** Everyone votes `a` in poll p1, the first `askers` ask a question, everyone answers the quiz's question. */
async function play(members: Member[], askers: number): Promise<void> {
  for (const m of members) await vote(m.client, 'p1', { optionIds: ['a'] });
  for (const m of members.slice(0, askers)) await ask(m.client, `Question from ${m.audienceId}?`);
  for (const m of members)
    okData(await m.client.send('quiz:answer', { quizId: 'q1', questionId: 'k1', optionId: 'a' }));
}

/** The sums of the report's timeline. */
function totals(report: EventReport): Record<'joins' | 'votes' | 'answers' | 'questions', number> {
  const sum = (f: 'joins' | 'votes' | 'answers' | 'questions'): number => report.timeline.reduce((n, m) => n + m[f], 0);
  return { joins: sum('joins'), votes: sum('votes'), answers: sum('answers'), questions: sum('questions') };
}

describe.each(MODES)('the event after the rehearsal: report, export, end (%s)', (mode) => {
  const ctx = useApp(mode, { env: LIMITS });

  it('rehearses, resets, runs live: the report and the zip hold the live run only, every CSV parses', async () => {
    const room = await ctx.room({ inviteCodes: ['KOC-1'] });
    const report = async (): Promise<EventReport> => {
      await flushFigures(ctx);
      const res = await ctx.api<EventReport>('GET', `/api/events/${room.id}/report`, undefined, room.opToken);
      expect(res.status).toBe(200);
      return res.body as EventReport;
    };
    await openPoll(room.op, singlePoll('p1'));
    okData(await room.op.send('quiz:create', quizPayload('q1', { n: 2 })));
    okData(await room.op.send('quiz:next', { quizId: 'q1' }));

    // The rehearsal: staff on their phones.
    const rehearsal = await room.members(3, (i) => ({ name: `Rehearsal ${i}`, country: 'DE' }));
    await play(rehearsal, 2);
    expect((await report()).people).toEqual({ joined: 3, koc: 0, byCountry: { DE: 3 } });

    const gone = rehearsal.map((m) => closed(m.client));
    const reset = await admin(ctx, 'POST', `/api/events/${room.id}/reset`);
    expect(reset.status).toBe(200);
    const { seq } = reset.body as { eventId: string; seq: number };
    expect(await room.op.waitFor('event:reset')).toEqual({ eventId: room.id, seq });
    expect(await room.screen.waitFor('event:reset')).toEqual({ eventId: room.id, seq });
    await Promise.all(gone);
    // The rehearsal's people are gone: their tokens with them.
    expect(await handshake(ctx.url, rehearsal[0].token)).toBe('UNAUTHORIZED');
    const state = await ctx.api('GET', `/api/events/${room.id}/state`, undefined, rehearsal[1].token);
    expect(state.status).toBe(401);
    // What the operators prepared stays, as drafts; what the rehearsal produced is gone.
    const after = await sync(room.op);
    expect(after.seq).toBeGreaterThanOrEqual(seq);
    expect(after.polls.map((p) => [p.id, p.status])).toEqual([['p1', 'draft']]);
    expect(after.questions).toEqual([]);
    const cleared = await report();
    expect(cleared.people).toEqual({ joined: 0, koc: 0, byCountry: {} });
    expect(totals(cleared)).toEqual({ joins: 0, votes: 0, answers: 0, questions: 0 });
    expect(cleared.forum.total).toBe(0);

    // Live.
    okData(await room.op.send('poll:open', { pollId: 'p1' }));
    okData(await room.op.send('quiz:next', { quizId: 'q1' }));
    const countries = ['ES', 'ES', 'ES', 'JP', 'JP', undefined];
    const live = await room.members(6, (i) => ({
      name: `Live ${i}`,
      ...(countries[i] ? { country: countries[i] } : {}),
      ...(i === 0 ? { inviteCode: 'KOC-1' } : {}),
    }));
    await play(live.slice(0, 5), 3);
    await room.op.send('poll:close', { pollId: 'p1' });
    await room.op.send('quiz:end', { quizId: 'q1' });

    const final = await report();
    expect(final.event).toEqual({
      id: room.id,
      name: `Event ${room.id}`,
      createdAt: expect.any(Number) as unknown,
      endedAt: null,
    });
    expect(final.people).toEqual({ joined: 6, koc: 1, byCountry: { ES: 3, JP: 2, unknown: 1 } });
    expect(totals(final)).toEqual({ joins: 6, votes: 5, answers: 5, questions: 3 });
    const active = final.timeline.map((m) => m.active);
    expect(Math.max(...active)).toBeLessThanOrEqual(5);
    expect(active.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    // Operator and screen, and the six live phones at once.
    expect(final.connections.peak).toBeGreaterThanOrEqual(8);
    expect(final.polls.find((p) => p.id === 'p1')?.tally.total).toBe(5);
    expect(final.forum.total).toBe(3);
    expect(final.quizzes.find((q) => q.quiz.id === 'q1')?.players).toBe(5);

    const zip = await downloadZip(ctx, room.id, room.opToken);
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      [
        'crash-board.csv',
        'crash-results.csv',
        'poll-p1.csv',
        'predictors.csv',
        'questions.csv',
        'quiz-q1.csv',
        'report.json',
      ].sort(),
    );
    const json = JSON.parse(zip.files['report.json']) as EventReport;
    expect(json.people).toEqual(final.people);
    expect(json.timeline).toEqual(final.timeline);
    for (const name of names.filter((n) => n.endsWith('.csv'))) expect(() => parseCsv(zip.files[name])).not.toThrow();
    expect(parseCsv(zip.files['questions.csv']).length).toBe(1 + 3);
    expect(zip.files['questions.csv']).not.toContain('Rehearsal');
  });

  it('ends an event once (operator or admin), refuses other roles, and the report carries endedAt', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    const path = `/api/events/${room.id}/end`;
    expect((await ctx.api('POST', path, undefined, ana.token)).status).toBe(403);
    expect((await ctx.api('POST', path, undefined, room.screenToken)).status).toBe(403);
    expect((await ctx.api('POST', path, undefined)).status).toBe(401);
    const first = await ctx.api<{ endedAt: number }>('POST', path, undefined, room.opToken);
    expect(first.status).toBe(200);
    const endedAt = (first.body as { endedAt: number }).endedAt;
    expect(first.body).toEqual({
      id: room.id,
      name: `Event ${room.id}`,
      moderation: true,
      createdAt: expect.any(Number) as unknown,
      endedAt,
    });
    const again = await admin(ctx, 'POST', path);
    expect(again.status).toBe(200);
    expect((again.body as { endedAt: number }).endedAt).toBe(endedAt);
    const report = await ctx.api<EventReport>('GET', `/api/events/${room.id}/report`, undefined, room.opToken);
    expect((report.body as EventReport).event.endedAt).toBe(endedAt);
    expect((await admin(ctx, 'POST', `/api/events/${ctx.newEventId()}/end`)).status).toBe(404);
  });

  it('refuses the report and the export to every role but the event operator', async () => {
    const room = await ctx.room();
    const other = await ctx.room();
    const ana = await room.member();
    for (const path of [`/api/events/${room.id}/report`, `/api/events/${room.id}/export.zip`]) {
      const statuses = [];
      for (const token of [undefined, ana.token, room.screenToken, other.opToken]) {
        statuses.push((await ctx.api('GET', path, undefined, token)).status);
      }
      expect(statuses).toEqual([401, 403, 403, 403]);
    }
  });

  it('deletes the events that ended more than EVENT_RETENTION_DAYS ago, and only those', async () => {
    const ended = await ctx.room();
    const running = await ctx.room();
    await room0Activity(ended);
    await admin(ctx, 'POST', `/api/events/${ended.id}/end`);
    const lifecycle = ctx.app.app.get(EventLifecycle);
    // Unset: kept forever.
    expect(await lifecycle.sweepRetention(Date.now() + 10 * 86_400_000)).toEqual([]);
    Object.assign(ctx.app.config, { EVENT_RETENTION_DAYS: 2 });
    try {
      expect(await lifecycle.sweepRetention(Date.now() + 86_400_000)).toEqual([]);
      const gone = closed(ended.op);
      // Events of this file's other tests that ended go too; the running one stays.
      const deleted = await lifecycle.sweepRetention(Date.now() + 3 * 86_400_000);
      expect(deleted).toContain(ended.id);
      expect(deleted).not.toContain(running.id);
      await gone;
    } finally {
      Object.assign(ctx.app.config, { EVENT_RETENTION_DAYS: undefined });
    }
    expect((await ctx.api('GET', `/api/events/${ended.id}/state`, undefined, ended.opToken)).status).toBe(401);
    expect((await ctx.api('GET', `/api/events/${running.id}/state`, undefined, running.opToken)).status).toBe(200);
    if (mode === 'redis') expect(await keysOf(ctx.redis.url, ended.id)).toEqual([]);
  });
});

async function room0Activity(room: Room): Promise<void> {
  await openPoll(room.op, singlePoll('p1'));
  const ana = await room.member({ name: 'Ana', country: 'PT' });
  await vote(ana.client, 'p1', { optionIds: ['b'] });
}
