import { call, connect, createEvent, join, startApp, type Call, type Client } from '../support/app.js';
import { MODES, detailFields, errorOf, stable, useApp } from './helpers.js';
import { ask, forumState, upvote } from './forum-support.js';
import type { ErrorBody } from '../support/protocol.js';

/** RATE_LIMITED, with how long to wait: within the minute of the window. */
function expectRateLimited(error: ErrorBody): void {
  expect(error.code).toBe('RATE_LIMITED');
  expect(error.details).toEqual({ retryAfterMs: expect.any(Number) as unknown });
  const { retryAfterMs } = error.details as { retryAfterMs: number };
  expect(retryAfterMs).toBeGreaterThan(0);
  expect(retryAfterMs).toBeLessThanOrEqual(60_000);
}

describe.each(MODES)('KOC forum: roles, validation and rate limits (%s)', (mode) => {
  const ctx = useApp(mode);

  it('answers FORBIDDEN to a role that may not send a forum command, and changes nothing', async () => {
    const room = await ctx.room({ moderation: false });
    const ana = await room.member();
    const q1 = await ask(ana.client, 'Is the sunroof optional?');
    const q2 = await ask(ana.client, 'Is a panoramic roof optional?');
    await upvote(ana.client, q1.id);
    const audienceOnly: Call[] = [
      call('qa:ask', { text: 'A question from staff?' }),
      call('qa:upvote', { questionId: q2.id }),
      call('qa:unvote', { questionId: q1.id }),
    ];
    const operatorOnly: Call[] = [
      call('qa:moderate', { questionId: q1.id, action: 'reject' }),
      call('qa:merge', { questionId: q2.id, intoId: q1.id }),
      call('qa:settings', { moderation: true }),
    ];
    const before = [await stable(room.op), await stable(ana.client)];
    const tries: [Client, Call][] = [
      ...[room.op, room.screen].flatMap((c) => audienceOnly.map((command): [Client, Call] => [c, command])),
      ...[room.screen, ana.client].flatMap((c) => operatorOnly.map((command): [Client, Call] => [c, command])),
    ];
    for (const [client, { event, send }] of tries) {
      const role = client === room.op ? 'operator' : client === room.screen ? 'screen' : 'audience';
      expect({ role, event, code: errorOf(await send(client)).code }).toEqual({
        role,
        event,
        code: 'FORBIDDEN',
      });
    }
    expect([await stable(room.op), await stable(ana.client)]).toEqual(before);
    expect(room.screen.messages('qa:question')).toHaveLength(2);
  });

  it('answers VALIDATION_FAILED naming the fields, changes nothing, and does not count it against the limits', async () => {
    const room = await ctx.room({ moderation: false });
    const ana = await room.member();
    const q = await ask(ana.client, 'Does it support wireless charging?');
    const op = room.op;
    const a = ana.client;
    const cases: [Client, string, unknown, string[]][] = [
      [a, 'qa:ask', { text: 'hi' }, ['text']],
      [a, 'qa:ask', { text: '   ab   ' }, ['text']],
      [a, 'qa:ask', { text: 'x'.repeat(281) }, ['text']],
      [a, 'qa:ask', { text: 42 }, ['text']],
      [a, 'qa:ask', { text: 'A bell \u0007 rings?' }, ['text']],
      [a, 'qa:ask', {}, ['text']],
      [a, 'qa:ask', { text: 'Fine question?', anonymous: 'yes' }, ['anonymous']],
      [a, 'qa:ask', { text: 'Fine question?', lang: 'not a locale!' }, ['lang']],
      [a, 'qa:ask', { text: 'Fine question?', authorId: 'a-someone' }, ['authorId']],
      [a, 'qa:ask', 'Fine question?', ['(payload)']],
      [a, 'qa:upvote', { questionId: '' }, ['questionId']],
      [a, 'qa:upvote', { questionId: 'has spaces in it' }, ['questionId']],
      [a, 'qa:unvote', { questionId: ['q'] }, ['questionId']],
      [op, 'qa:moderate', { questionId: q.id, action: 'delete' }, ['action']],
      [op, 'qa:moderate', { questionId: q.id, action: 'answer', answer: '   ' }, ['answer']],
      [op, 'qa:moderate', { questionId: q.id, action: 'answer', answer: 'x'.repeat(2001) }, ['answer']],
      [op, 'qa:moderate', { questionId: q.id, action: 'answer', answer: null }, ['answer']],
      [op, 'qa:moderate', { action: 'approve' }, ['questionId']],
      [op, 'qa:merge', { questionId: q.id }, ['intoId']],
      [op, 'qa:merge', { questionId: q.id, intoId: 'q 2' }, ['intoId']],
      [op, 'qa:settings', { moderation: 'off' }, ['moderation']],
      [op, 'qa:settings', {}, ['moderation']],
    ];
    const before = [await stable(op), await stable(a)];
    for (const [client, event, payload, fields] of cases) {
      const error = errorOf(await client.sendRaw(event, payload));
      expect({ event, payload, fields: detailFields(error) }).toEqual({ event, payload, fields });
    }
    for (const [client, event] of [
      [a, 'qa:ask'],
      [a, 'qa:upvote'],
      [op, 'qa:moderate'],
    ] as const) {
      expect({ event, fields: detailFields(errorOf(await client.sendRaw(event))) }).toEqual({
        event,
        fields: ['(payload)'],
      });
    }
    expect([await stable(op), await stable(a)]).toEqual(before);
    // Only the first ask counted: two more fit under the default limit of three.
    for (const text of ['Second valid question?', 'Third valid question?'])
      expect((await ask(a, text)).status).toBe('approved');
    expect(errorOf(await a.send('qa:ask', { text: 'Fourth valid question?' })).code).toBe('RATE_LIMITED');
  });

  it('rate limits asking and upvoting per person, across reconnects, with retryAfterMs', async () => {
    const app = await startApp({
      QA_ASK_LIMIT: '2',
      QA_UPVOTE_LIMIT: '3',
      ...(mode === 'redis' ? { REDIS_URL: ctx.redis.url } : {}),
    });
    const clients: Client[] = [];
    const connected = async (token: string): Promise<Client> => {
      const client = await connect(app.url, token);
      clients.push(client);
      return client;
    };
    try {
      const id = ctx.newEventId();
      await createEvent(app.url, id, { moderation: false });
      const ana = await join(app.url, id, { name: 'Ana' });
      const ben = await join(app.url, id, { name: 'Ben' });
      const [anaClient, benClient] = [await connected(ana.token), await connected(ben.token)];
      const q1 = await ask(anaClient, 'First question of Ana?');
      const q1b = await ask(anaClient, 'Second question of Ana?');
      expectRateLimited(errorOf(await anaClient.send('qa:ask', { text: 'Third question of Ana?' })));

      // A new socket with the same token is the same person: still limited.
      anaClient.close();
      const again = await connected(ana.token);
      expectRateLimited(errorOf(await again.send('qa:ask', { text: 'Fourth question of Ana?' })));
      expect((await forumState(again)).myQuestions).toHaveLength(2);
      const q2 = await ask(benClient, 'Ben is not limited by Ana?');

      // Upvotes and unvotes share one bucket; a refused one changes nothing.
      expect(await upvote(again, q1.id)).toBe(1);
      expect(await upvote(again, q1.id, false)).toBe(0);
      expect(await upvote(again, q2.id)).toBe(1);
      expectRateLimited(errorOf(await again.send('qa:upvote', { questionId: q1.id })));
      expectRateLimited(errorOf(await again.send('qa:unvote', { questionId: q2.id })));
      const state = await forumState(again);
      expect(Object.fromEntries(state.questions.map((q) => [q.id, q.upvotes]))).toEqual({
        [q1.id]: 0,
        [q1b.id]: 0,
        [q2.id]: 1,
      });
      expect(state.myUpvotes).toEqual([q2.id]);
      expect(await upvote(benClient, q1.id)).toBe(1);
    } finally {
      for (const c of clients) c.close();
      await app.close();
    }
  });
});
