import { createEvent, http, staffToken } from '../support/app.js';
import { MODES, detailFields, stable, useApp } from './helpers.js';
import { after, ask, at, firstSeq, forumState, upvote } from './forum-support.js';
import type { ErrorBody, OperatorQuestion, Question } from '../support/protocol.js';

type Reply<T> = T | { ok: false; error: ErrorBody };

const HEADER =
  'id,status,featured,upvotes,koc,author,country,anonymous,flagged,created_at,lang,text,answer,merged_into';

describe.each(MODES)('KOC forum over HTTP (%s)', (mode) => {
  const ctx = useApp(mode);
  const api = <T>(method: string, path: string, body?: unknown, token?: string) =>
    http<Reply<T>>(ctx.url, method, path, body, token);

  it('moderates, merges and sets moderation like the socket commands, and exports the forum as CSV', async () => {
    const room = await ctx.room({ inviteCodes: ['KOC-VIP1'] });
    const kim = await room.member({ name: 'Kim, "the reviewer"', country: 'kr', inviteCode: 'KOC-VIP1' });
    const ana = await room.member({ name: 'Ana' });
    const base = `/api/events/${room.id}`;
    const post = <T>(path: string, body: unknown) => api<T>('POST', base + path, body, room.opToken);
    const seq0 = firstSeq(room.screen);
    const q1 = await ask(kim.client, 'Range in winter, honestly?', { anonymous: true });
    await after(q1.createdAt);
    const q2 = await ask(ana.client, '=HYPERLINK("http://x") price?');
    await after(q2.createdAt);
    const q3 = await ask(ana.client, 'Matte or gloss paint?');

    for (const q of [q1, q2]) {
      const res = await post<OperatorQuestion>(`/questions/${q.id}/moderate`, { action: 'approve' });
      expect({ id: q.id, status: res.status }).toEqual({ id: q.id, status: 200 });
      expect(res.body).toMatchObject({ id: q.id, status: 'approved', flagged: false });
    }
    expect(await at(room.screen, seq0 + 4)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: q1.id, author: { name: null } } },
    });
    const answered = await post<OperatorQuestion>(`/questions/${q3.id}/moderate`, {
      action: 'answer',
      answer: 'Both, at launch.',
    });
    expect(answered).toMatchObject({
      status: 200,
      body: { status: 'answered', answer: 'Both, at launch.', authorId: ana.audienceId },
    });
    for (const p of [kim, ana]) {
      await upvote(p.client, q1.id);
      await upvote(p.client, q2.id);
    }
    const merged = await post<OperatorQuestion>(`/questions/${q2.id}/merge`, { intoId: q1.id });
    expect(merged).toMatchObject({
      status: 200,
      body: { id: q1.id, upvotes: 2, anonymous: true, author: { name: 'Kim, "the reviewer"' } },
    });
    expect(await at(room.screen, seq0 + 8)).toEqual({
      event: 'qa:removed',
      payload: { seq: seq0 + 8, questionId: q2.id },
    });
    expect((await forumState(ana.client)).myUpvotes).toEqual([q1.id]);

    expect(await post('/forum/settings', { moderation: false })).toMatchObject({
      status: 200,
      body: { moderation: false },
    });
    expect(await at(kim.client, seq0 + 9)).toEqual({
      event: 'qa:settings',
      payload: { seq: seq0 + 9, moderation: false },
    });
    await after(q3.createdAt);
    const q4 = await ask(ana.client, 'Gibt es eine Anhängerkupplung?', { lang: 'de' });
    expect(q4.status).toBe('approved');

    // The list is the operators' snapshot, filtered on demand.
    const list = await api<OperatorQuestion[]>('GET', `${base}/questions`, undefined, room.opToken);
    expect(list.status).toBe(200);
    expect(list.body).toEqual((await forumState(room.op)).questions);
    const ids = (query: string) =>
      api<Question[]>('GET', `${base}/questions${query}`, undefined, room.opToken).then((r) =>
        (r.body as Question[]).map((q) => q.id),
      );
    expect(await ids('')).toEqual([q1.id, q2.id, q3.id, q4.id]);
    expect(await ids('?koc=true')).toEqual([q1.id]);
    expect(await ids('?koc=false')).toEqual([q2.id, q3.id, q4.id]);
    expect(await ids('?status=answered')).toEqual([q3.id]);
    expect(await ids('?status=approved&koc=false')).toEqual([q2.id, q4.id]);
    expect(await ids('?status=rejected')).toEqual([]);

    const csv = await api<string>('GET', `${base}/questions.csv`, undefined, room.opToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const iso = (q: Question): string => new Date(q.createdAt).toISOString();
    const rows = [
      HEADER,
      `${q1.id},approved,false,2,true,"Kim, ""the reviewer""",KR,true,false,${iso(q1)},,"Range in winter, honestly?",,`,
      `${q2.id},approved,false,2,false,Ana,,false,false,${iso(q2)},,"'=HYPERLINK(""http://x"") price?",,${q1.id}`,
      `${q3.id},answered,false,0,false,Ana,,false,false,${iso(q3)},,Matte or gloss paint?,"Both, at launch.",`,
      `${q4.id},approved,false,0,false,Ana,,false,false,${iso(q4)},de,Gibt es eine Anhängerkupplung?,,`,
    ];
    expect(csv.text).toBe(rows.join('\r\n') + '\r\n');
    const answeredOnly = await api<string>('GET', `${base}/questions.csv?status=answered`, undefined, room.opToken);
    expect(answeredOnly.text).toBe([rows[0], rows[3]].join('\r\n') + '\r\n');
  });

  it('answers errors with { ok: false, error } and a 4xx, to wrong roles and events too, changing nothing', async () => {
    const room = await ctx.room({ moderation: false });
    const ana = await room.member();
    const q1 = await ask(ana.client, 'Is the app free?');
    const q2 = await ask(ana.client, 'Is the app free of charge?');
    const base = `/api/events/${room.id}`;
    const otherId = ctx.newEventId();
    await createEvent(ctx.url, otherId);
    const otherOp = await staffToken(ctx.url, otherId, 'operator');
    const before = await stable(room.op);

    const cases: [string, string, unknown, string | undefined, number, string][] = [
      ['POST', `/questions/q-nope/moderate`, { action: 'approve' }, room.opToken, 404, 'NOT_FOUND'],
      ['POST', `/questions/${q1.id}/merge`, { intoId: q1.id }, room.opToken, 409, 'CONFLICT'],
      ['POST', `/questions/${q1.id}/merge`, { intoId: 'q-nope' }, room.opToken, 404, 'NOT_FOUND'],
      ['POST', `/questions/${q1.id}/moderate`, { action: 'delete' }, room.opToken, 400, 'VALIDATION_FAILED'],
      [
        'POST',
        `/questions/${q1.id}/moderate`,
        { action: 'approve', questionId: q2.id },
        room.opToken,
        400,
        'VALIDATION_FAILED',
      ],
      ['POST', `/questions/${q1.id}/merge`, {}, room.opToken, 400, 'VALIDATION_FAILED'],
      ['POST', `/forum/settings`, { moderation: 'yes' }, room.opToken, 400, 'VALIDATION_FAILED'],
      ['GET', `/questions?status=hidden`, undefined, room.opToken, 400, 'VALIDATION_FAILED'],
      ['GET', `/questions?koc=1`, undefined, room.opToken, 400, 'VALIDATION_FAILED'],
      ['GET', `/questions`, undefined, undefined, 401, 'UNAUTHORIZED'],
      ['GET', `/questions.csv`, undefined, 'not-a-token', 401, 'UNAUTHORIZED'],
      ['GET', `/questions`, undefined, ana.token, 403, 'FORBIDDEN'],
      ['GET', `/questions.csv`, undefined, room.screenToken, 403, 'FORBIDDEN'],
      ['GET', `/questions`, undefined, otherOp, 403, 'FORBIDDEN'],
      ['POST', `/questions/${q1.id}/moderate`, { action: 'reject' }, ana.token, 403, 'FORBIDDEN'],
      ['POST', `/questions/${q1.id}/moderate`, { action: 'reject' }, otherOp, 403, 'FORBIDDEN'],
      ['POST', `/questions/${q2.id}/merge`, { intoId: q1.id }, room.screenToken, 403, 'FORBIDDEN'],
      ['POST', `/forum/settings`, { moderation: true }, ana.token, 403, 'FORBIDDEN'],
    ];
    for (const [method, path, body, token, status, code] of cases) {
      const res = await api(method, base + path, body, token);
      expect({ path, body, status: res.status, ok: (res.body as { ok: boolean }).ok }).toEqual({
        path,
        body,
        status,
        ok: false,
      });
      const error = (res.body as { error: ErrorBody }).error;
      expect({ path, body, code: error.code }).toEqual({ path, body, code });
      if (code === 'VALIDATION_FAILED') expect(detailFields(error).length).toBeGreaterThan(0);
    }
    const rejectedByOther = await api(
      'POST',
      `/api/events/${otherId}/questions/${q1.id}/moderate`,
      { action: 'reject' },
      otherOp,
    );
    expect(rejectedByOther).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } });
    expect(await stable(room.op)).toEqual(before);
  });
});
