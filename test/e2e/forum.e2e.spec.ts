import { MODES, errorOf, useApp } from './helpers.js';
import {
  after,
  ask,
  at,
  expectForumGapless,
  expectPublicShape,
  firstSeq,
  forumState,
  moderate,
  questionOf,
  upvote,
  waitMine,
} from './forum-support.js';
import type { OperatorQuestion, Question } from '../support/protocol.js';

describe.each(MODES)('KOC forum: asking and moderation (%s)', (mode) => {
  const ctx = useApp(mode);

  it('holds a new question for moderators, then publishes, removes and brings it back', async () => {
    const room = await ctx.room({ inviteCodes: ['KOC-2026'] });
    const ana = await room.member({ name: 'Ana', country: 'de', inviteCode: 'KOC-2026' });
    const ben = await room.member({ name: 'Ben' });
    const viewers = [room.screen, ana.client, ben.client];
    const seq0 = firstSeq(room.op);
    for (const c of [room.op, ...viewers]) expect((await forumState(c)).forum).toEqual({ moderation: true });

    const asked = await ask(ana.client, '  How safe is the new model in a side impact?  ', { lang: 'en' });
    expect(asked).toEqual({
      id: expect.any(String) as unknown,
      text: 'How safe is the new model in a side impact?',
      lang: 'en',
      author: { name: 'Ana', country: 'DE', koc: true },
      status: 'pending',
      featured: false,
      upvotes: 0,
      createdAt: expect.any(Number) as unknown,
    });
    const id = asked.id;
    const held = await at(room.op, seq0 + 1);
    expect(held).toEqual({
      event: 'qa:question',
      payload: { seq: seq0 + 1, question: { ...asked, authorId: ana.audienceId, anonymous: false, flagged: false } },
    });
    for (const c of viewers) expect(await at(c, seq0 + 1)).toEqual({ event: 'state:seq', payload: { seq: seq0 + 1 } });
    expect(await waitMine(ana.client, id)).toEqual(asked);
    expect(ben.client.messages('qa:mine')).toEqual([]);
    for (const c of viewers) expect((await forumState(c)).questions).toEqual([]);
    expect((await forumState(ana.client)).myQuestions).toEqual([asked]);
    expect((await forumState(ben.client)).myQuestions).toEqual([]);
    expect((await forumState(room.op)).questions).toEqual([questionOf(held)]);
    expect(errorOf(await ben.client.send('qa:upvote', { questionId: id })).code).toBe('NOT_FOUND');

    const approved = await moderate(room.op, id, 'approve');
    expect(approved).toEqual({
      ...asked,
      status: 'approved',
      authorId: ana.audienceId,
      anonymous: false,
      flagged: false,
    });
    expect(await at(room.op, seq0 + 2)).toEqual({
      event: 'qa:question',
      payload: { seq: seq0 + 2, question: approved },
    });
    const { authorId: _a, anonymous: _b, flagged: _c, ...publicApproved } = approved;
    for (const c of viewers) {
      const msg = await at(c, seq0 + 2);
      expect(msg).toEqual({ event: 'qa:question', payload: { seq: seq0 + 2, question: publicApproved } });
      expectPublicShape(questionOf(msg));
      expect((await forumState(c)).questions).toEqual([publicApproved]);
    }
    expect(await waitMine(ana.client, id, (q) => q.status === 'approved')).toEqual(publicApproved);

    const rejected = await moderate(room.op, id, 'reject');
    expect(rejected).toMatchObject({ id, status: 'rejected' });
    expect(await at(room.op, seq0 + 3)).toEqual({
      event: 'qa:question',
      payload: { seq: seq0 + 3, question: rejected },
    });
    for (const c of viewers) {
      expect(await at(c, seq0 + 3)).toEqual({ event: 'qa:removed', payload: { seq: seq0 + 3, questionId: id } });
      expect((await forumState(c)).questions).toEqual([]);
    }
    expect((await forumState(ana.client)).myQuestions).toEqual([{ ...publicApproved, status: 'rejected' }]);
    expect(await waitMine(ana.client, id, (q) => q.status === 'rejected')).toMatchObject({ status: 'rejected' });

    await moderate(room.op, id, 'approve');
    for (const c of viewers)
      expect(await at(c, seq0 + 4)).toMatchObject({
        event: 'qa:question',
        payload: { question: { id, status: 'approved' } },
      });
    for (const c of [room.op, ...viewers]) {
      expect((await forumState(c)).seq).toBe(seq0 + 4);
      expectForumGapless(c);
    }
  });

  it('with moderation off publishes at once, hides anonymous names, and holds profanity for moderators', async () => {
    const room = await ctx.room({ moderation: false });
    const [ana, ben] = await room.members(2, (i) => ({ name: ['Ana', 'Ben'][i], country: 'FR' }));
    const viewers = [room.screen, ana.client, ben.client];
    const seq0 = firstSeq(room.op);

    const anon = await ask(ana.client, 'Will the battery pack be recyclable?', { anonymous: true });
    expect(anon).toMatchObject({ status: 'approved', author: { name: null, country: 'FR', koc: false } });
    expectPublicShape(anon);
    expect(await at(room.op, seq0 + 1)).toMatchObject({
      payload: { question: { id: anon.id, author: { name: 'Ana' }, anonymous: true, authorId: ana.audienceId } },
    });
    for (const c of viewers) {
      expect(await at(c, seq0 + 1)).toEqual({ event: 'qa:question', payload: { seq: seq0 + 1, question: anon } });
      expect((await forumState(c)).questions).toEqual([anon]);
    }
    const opView = (await forumState(room.op)).questions as OperatorQuestion[];
    expect(opView).toEqual([
      { ...anon, author: { ...anon.author, name: 'Ana' }, authorId: ana.audienceId, anonymous: true, flagged: false },
    ]);

    const rude = await ask(ben.client, 'What the fuck is this price?');
    expect(rude).toMatchObject({ status: 'pending', author: { name: 'Ben' } });
    expectPublicShape(rude);
    expect(await at(room.op, seq0 + 2)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: rude.id, flagged: true, status: 'pending' } },
    });
    for (const c of viewers) expect(await at(c, seq0 + 2)).toEqual({ event: 'state:seq', payload: { seq: seq0 + 2 } });
    expect((await forumState(ben.client)).myQuestions).toEqual([rude]);
    expect((await forumState(room.screen)).questions).toEqual([anon]);
    const cleared = await moderate(room.op, rude.id, 'approve');
    expect(cleared).toMatchObject({ status: 'approved', flagged: true });
    expect(await at(room.screen, seq0 + 3)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: rude.id, status: 'approved' } },
    });
    expect((await at(room.screen, seq0 + 3)).payload).not.toHaveProperty('question.flagged');

    // The operators' setting overrides the event's default, for everyone, with seq.
    expect(await room.op.send('qa:settings', { moderation: true })).toEqual({ ok: true, data: { moderation: true } });
    for (const c of [room.op, ...viewers]) {
      expect(await at(c, seq0 + 4)).toEqual({ event: 'qa:settings', payload: { seq: seq0 + 4, moderation: true } });
      expect((await forumState(c)).forum).toEqual({ moderation: true });
    }
    const night = await ask(ana.client, 'Is there a night-vision option?');
    expect(night.status).toBe('pending');
    // Rejected while held: it never reaches the audience or screens, not even as a removal.
    expect(await moderate(room.op, night.id, 'reject')).toMatchObject({ status: 'rejected', flagged: false });
    for (const c of viewers) expect(await at(c, seq0 + 6)).toEqual({ event: 'state:seq', payload: { seq: seq0 + 6 } });
    expect(await waitMine(ana.client, night.id, (q) => q.status === 'rejected')).toMatchObject({ id: night.id });
    expect(await room.op.send('qa:settings', { moderation: false })).toEqual({ ok: true, data: { moderation: false } });
    await at(ben.client, seq0 + 7);
    expect((await ask(ben.client, 'When does the order book open?')).status).toBe('approved');
    for (const c of [room.op, ...viewers]) {
      await at(c, seq0 + 8);
      expect(c.messages('qa:removed').map((m) => m.questionId)).not.toContain(night.id);
      expectForumGapless(c);
    }
  });

  it('answers, features, unfeatures and restores; no-ops keep seq; the rest is CONFLICT or NOT_FOUND', async () => {
    const room = await ctx.room({ moderation: false });
    const [ana, ben] = await room.members(2);
    const q1 = await ask(ana.client, 'Does the lane assist work in rain?');
    const q2 = await ask(ben.client, 'How long is the warranty?');
    const seq0 = (await forumState(room.op)).seq;
    const expectSeq = async (seq: number): Promise<void> => {
      await at(ben.client, seq);
      expect((await forumState(room.op)).seq).toBe(seq);
    };

    expect(await moderate(room.op, q2.id, 'feature')).toMatchObject({ status: 'approved', featured: true });
    expect(await at(ben.client, seq0 + 1)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: q2.id, featured: true } },
    });
    expect(await moderate(room.op, q2.id, 'feature')).toMatchObject({ featured: true });
    expect(await moderate(room.op, q1.id, 'unfeature')).toMatchObject({ featured: false });
    expect(await moderate(room.op, q1.id, 'approve')).toMatchObject({ status: 'approved' });
    expect(await moderate(room.op, q1.id, 'restore')).toMatchObject({ status: 'approved' });
    await expectSeq(seq0 + 1);

    const answered = await moderate(room.op, q2.id, 'answer', '  Five years, 150,000 km.  ');
    expect(answered).toMatchObject({ status: 'answered', featured: false, answer: 'Five years, 150,000 km.' });
    expect(await at(ana.client, seq0 + 2)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: q2.id, status: 'answered', featured: false, answer: 'Five years, 150,000 km.' } },
    });
    expect(await waitMine(ben.client, q2.id, (q) => q.status === 'answered')).toMatchObject({
      answer: 'Five years, 150,000 km.',
    });
    expect(await moderate(room.op, q2.id, 'answer')).toMatchObject({ answer: 'Five years, 150,000 km.' });
    expect(await moderate(room.op, q2.id, 'answer', 'Five years, 150,000 km.')).toMatchObject({ status: 'answered' });
    expect(errorOf(await room.op.send('qa:moderate', { questionId: q2.id, action: 'approve' })).code).toBe('CONFLICT');
    await expectSeq(seq0 + 2);
    expect(await upvote(ana.client, q2.id)).toBe(1);

    const restored = await moderate(room.op, q2.id, 'restore');
    expect(restored).toMatchObject({ status: 'approved', featured: false, upvotes: 1 });
    expect(restored).not.toHaveProperty('answer');
    const restoredMsg = await at(ana.client, seq0 + 3);
    expect(restoredMsg).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: q2.id, status: 'approved' } },
    });
    expect(restoredMsg.payload).not.toHaveProperty('question.answer');

    await moderate(room.op, q1.id, 'reject');
    expect(await at(ana.client, seq0 + 4)).toEqual({
      event: 'qa:removed',
      payload: { seq: seq0 + 4, questionId: q1.id },
    });
    expect(await moderate(room.op, q1.id, 'reject')).toMatchObject({ status: 'rejected' });
    for (const action of ['feature', 'answer'] as const) {
      const error = errorOf(await room.op.send('qa:moderate', { questionId: q1.id, action }));
      expect({ action, code: error.code }).toEqual({ action, code: 'CONFLICT' });
    }
    expect(errorOf(await room.op.send('qa:moderate', { questionId: 'q-nope', action: 'approve' })).code).toBe(
      'NOT_FOUND',
    );
    await expectSeq(seq0 + 4);
    expect(await moderate(room.op, q1.id, 'restore')).toMatchObject({ status: 'approved' });
    expect(await at(ana.client, seq0 + 5)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: q1.id, status: 'approved' } },
    });

    // Featuring a held question approves it: it enters the public view.
    await room.op.send('qa:settings', { moderation: true });
    const held = await ask(ben.client, 'Can I test drive it today?');
    expect(held.status).toBe('pending');
    expect(await at(ana.client, seq0 + 7)).toEqual({ event: 'state:seq', payload: { seq: seq0 + 7 } });
    expect(await moderate(room.op, held.id, 'feature')).toMatchObject({ status: 'approved', featured: true });
    expect(await at(ana.client, seq0 + 8)).toMatchObject({
      event: 'qa:question',
      payload: { question: { id: held.id, featured: true } },
    });
    expect(await moderate(room.op, held.id, 'unfeature')).toMatchObject({ status: 'approved', featured: false });
    await expectSeq(seq0 + 9);
    for (const c of [room.op, room.screen, ana.client, ben.client]) expectForumGapless(c);
  });

  it('orders the forum for every role: featured first, then upvotes high to low, then oldest first', async () => {
    const room = await ctx.room({ moderation: false });
    const people = await room.members(3);
    const [ana, ben, cat] = people;
    const asked: Question[] = [];
    for (const [i, text] of ['Alpha question?', 'Bravo question?', 'Charlie question?', 'Delta question?'].entries()) {
      if (asked.length > 0) await after(asked[asked.length - 1].createdAt);
      asked.push(await ask(people[i % 3].client, text));
    }
    const [a, b, c, d] = asked.map((q) => q.id);
    for (const p of [ana, ben]) await upvote(p.client, b);
    for (const p of [cat, ben]) await upvote(p.client, c);
    await upvote(cat.client, a);
    await moderate(room.op, d, 'feature');
    await room.op.send('qa:settings', { moderation: true });
    await after(asked[3].createdAt);
    const pending = await ask(cat.client, 'Echo question?');

    const order = (qs: Question[]): string[] => qs.map((q) => q.id);
    expect(order((await forumState(room.op)).questions)).toEqual([d, b, c, a, pending.id]);
    for (const client of [room.screen, ana.client, cat.client]) {
      const state = await forumState(client);
      expect(order(state.questions)).toEqual([d, b, c, a]);
      expect(state.questions.map((q) => q.upvotes)).toEqual([0, 2, 2, 1]);
    }
    expect(order((await forumState(cat.client)).myQuestions ?? [])).toEqual([c, pending.id]);
  });
});
