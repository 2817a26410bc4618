import { MODES, drain, errorOf, okData, useApp } from './helpers.js';
import {
  ask,
  at,
  expectForumGapless,
  expectRisingVersions,
  forumState,
  moderate,
  upvote,
  waitCounts,
  waitMine,
} from './forum-support.js';
import type { CommandPayload, Question } from '../support/protocol.js';

describe.each(MODES)('KOC forum: upvotes and merges (%s)', (mode) => {
  const ctx = useApp(mode);

  it('counts one upvote per person, sends counts on the ticker only, and never for hidden questions', async () => {
    const room = await ctx.room({ moderation: false });
    const [ana, ben] = await room.members(2);
    const everyone = [room.op, room.screen, ana.client, ben.client];
    const q1 = await ask(ana.client, 'Is the heat pump standard?');
    const q2 = await ask(ben.client, 'Which markets launch first?');
    const seq0 = (await forumState(room.op)).seq;
    expect(await upvote(ana.client, q1.id)).toBe(1);
    expect(await upvote(ana.client, q1.id)).toBe(1);
    expect(await upvote(ben.client, q1.id)).toBe(2);
    expect(await upvote(ben.client, q1.id)).toBe(2);
    expect(await upvote(ana.client, q2.id)).toBe(1);
    expect(await upvote(ana.client, q2.id, false)).toBe(0);
    expect(await upvote(ana.client, q2.id, false)).toBe(0);
    expect(await upvote(ben.client, q2.id, false)).toBe(0);
    expect(await upvote(ben.client, q2.id)).toBe(1);
    for (const c of everyone) await waitCounts(c, { [q1.id]: 2, [q2.id]: 1 });
    for (const c of everyone) {
      const state = await forumState(c);
      expect(state.seq).toBe(seq0);
      expect(state.questions.map((q) => [q.id, q.upvotes])).toEqual([
        [q1.id, 2],
        [q2.id, 1],
      ]);
      // The two questions were announced; no upvote sent a change of state.
      expect(c.messages('qa:question').length).toBe(2);
      expectRisingVersions(c);
    }
    expect((await forumState(ana.client)).myUpvotes).toEqual([q1.id]);
    expect((await forumState(ben.client)).myUpvotes.sort()).toEqual([q1.id, q2.id].sort());

    // A rejected question leaves myUpvotes; restored, it comes back with its votes.
    await moderate(room.op, q1.id, 'reject');
    expect((await forumState(ben.client)).myUpvotes).toEqual([q2.id]);
    await moderate(room.op, q1.id, 'restore');
    const restored = await forumState(ben.client);
    expect(restored.myUpvotes.sort()).toEqual([q1.id, q2.id].sort());
    expect(restored.questions.find((q) => q.id === q1.id)?.upvotes).toBe(2);

    // Hidden questions take no upvotes and leave the counts; a restored one comes back with its voters.
    await moderate(room.op, q1.id, 'reject');
    for (const id of [q1.id, 'q-unknown']) {
      for (const event of ['qa:upvote', 'qa:unvote'] as const) {
        const error = errorOf(await ana.client.send(event, { questionId: id }));
        expect({ id, event, code: error.code }).toEqual({ id, event, code: 'NOT_FOUND' });
      }
    }
    const hidden = await Promise.all(everyone.map((c) => waitCounts(c, { [q2.id]: 1 })));
    await room.op.send('qa:settings', { moderation: true });
    const held = await ask(ben.client, 'Is there a loyalty discount?');
    expect(errorOf(await ana.client.send('qa:upvote', { questionId: held.id })).code).toBe('NOT_FOUND');
    expect(await moderate(room.op, q1.id, 'restore')).toMatchObject({ status: 'approved', upvotes: 2 });
    for (const [i, c] of everyone.entries()) {
      await waitCounts(c, { [q1.id]: 2, [q2.id]: 1 }, hidden[i]);
      expectRisingVersions(c);
    }
  });

  it('merges two questions: voters pooled once, seq +2, the merged one leaves the public view', async () => {
    const room = await ctx.room({ moderation: false });
    const [ana, ben, cat] = await room.members(3);
    const viewers = [room.screen, ana.client, ben.client, cat.client];
    const from = await ask(ana.client, 'Will there be a wagon version?');
    const into = await ask(ben.client, 'Is an estate body planned?');
    for (const p of [ana, ben]) await upvote(p.client, from.id);
    for (const p of [ben, cat]) await upvote(p.client, into.id);
    await moderate(room.op, from.id, 'feature');
    const seq0 = (await forumState(room.op)).seq;

    const kept = okData(await room.op.send('qa:merge', { questionId: from.id, intoId: into.id }));
    expect(kept).toMatchObject({ id: into.id, status: 'approved', upvotes: 3, authorId: ben.audienceId });
    expect(kept).not.toHaveProperty('mergedInto');
    expect(await at(room.op, seq0 + 1)).toEqual({ event: 'qa:question', payload: { seq: seq0 + 1, question: kept } });
    expect(await at(room.op, seq0 + 2)).toMatchObject({
      event: 'qa:question',
      payload: {
        seq: seq0 + 2,
        question: { id: from.id, mergedInto: into.id, featured: false, authorId: ana.audienceId },
      },
    });
    for (const c of viewers) {
      expect(await at(c, seq0 + 1)).toMatchObject({
        event: 'qa:question',
        payload: { question: { id: into.id, upvotes: 3 } },
      });
      expect(await at(c, seq0 + 2)).toEqual({ event: 'qa:removed', payload: { seq: seq0 + 2, questionId: from.id } });
      expect((await forumState(c)).questions.map((q) => [q.id, q.upvotes])).toEqual([[into.id, 3]]);
      await waitCounts(c, { [into.id]: 3 });
    }
    expect(await waitMine(ana.client, from.id, (q) => q.mergedInto === into.id)).toMatchObject({ status: 'approved' });
    const opQuestions = (await forumState(room.op)).questions;
    expect(opQuestions.map((q) => [q.id, q.mergedInto])).toEqual([
      [into.id, undefined],
      [from.id, into.id],
    ]);
    for (const p of [ana, ben, cat]) expect((await forumState(p.client)).myUpvotes).toEqual([into.id]);
    expect((await forumState(ana.client)).myQuestions).toMatchObject([{ id: from.id, mergedInto: into.id }]);

    // Upvoting the kept one again changes nothing; the merged one takes no more.
    expect(await upvote(ana.client, into.id)).toBe(3);
    expect(errorOf(await ana.client.send('qa:upvote', { questionId: from.id })).code).toBe('NOT_FOUND');
    const third = await ask(cat.client, 'Any estate with AWD?');
    const refused: [CommandPayload<'qa:merge'>, string][] = [
      [{ questionId: into.id, intoId: into.id }, 'CONFLICT'],
      [{ questionId: from.id, intoId: third.id }, 'CONFLICT'],
      [{ questionId: third.id, intoId: from.id }, 'CONFLICT'],
      [{ questionId: third.id, intoId: 'q-nope' }, 'NOT_FOUND'],
      [{ questionId: 'q-nope', intoId: third.id }, 'NOT_FOUND'],
    ];
    for (const [payload, code] of refused) {
      expect({ payload, code: errorOf(await room.op.send('qa:merge', payload)).code }).toEqual({ payload, code });
    }
    for (const action of ['approve', 'reject', 'restore', 'feature'] as const) {
      const error = errorOf(await room.op.send('qa:moderate', { questionId: from.id, action }));
      expect({ action, code: error.code }).toEqual({ action, code: 'CONFLICT' });
    }
    expect((await forumState(room.op)).seq).toBe(seq0 + 3);

    // The survivor may be merged in turn: every voter follows it, still counted once.
    await upvote(ana.client, third.id);
    const final = okData(await room.op.send('qa:merge', { questionId: into.id, intoId: third.id }));
    expect(final).toMatchObject({ id: third.id, upvotes: 3 });
    for (const p of [ana, ben, cat]) expect((await forumState(p.client)).myUpvotes).toEqual([third.id]);
    for (const c of [room.op, ...viewers]) {
      await at(c, seq0 + 5);
      await drain(c);
      expectForumGapless(c);
    }
  });

  it('gives a person back their upvotes and questions on reconnect, on every socket of theirs', async () => {
    const room = await ctx.room();
    const ana = await room.member({ name: 'Ana' });
    const mine: Question[] = [];
    for (const text of ['First question here?', 'Second question here?']) mine.push(await ask(ana.client, text));
    await moderate(room.op, mine[0].id, 'approve');
    const ben = await room.member();
    const other = await ask(ben.client, 'A question by Ben?');
    await moderate(room.op, other.id, 'approve');
    await upvote(ana.client, other.id);
    await upvote(ana.client, mine[0].id);
    ana.client.close();

    const again = await ctx.connect(ana.token);
    const state = await forumState(again);
    const first = again.messages('state')[0];
    for (const s of [first, state]) {
      expect(s.me).toMatchObject({ id: ana.audienceId, name: 'Ana' });
      expect([...s.myUpvotes].sort()).toEqual([mine[0].id, other.id].sort());
      expect(s.myQuestions?.map((q) => [q.id, q.status])).toEqual([
        [mine[0].id, 'approved'],
        [mine[1].id, 'pending'],
      ]);
    }
    const second = await ctx.connect(ana.token);
    await moderate(room.op, mine[1].id, 'reject');
    for (const c of [again, second]) {
      expect(await waitMine(c, mine[1].id, (q) => q.status === 'rejected')).toMatchObject({ id: mine[1].id });
    }
    await waitMine(ben.client, other.id, (q) => q.status === 'approved');
    await drain(ben.client);
    const bens = ben.client.messages('qa:mine').map((m) => [m.question.id, m.question.status]);
    expect(bens).toEqual([
      [other.id, 'pending'],
      [other.id, 'approved'],
    ]);
    expect(errorOf(await again.send('qa:upvote', { questionId: mine[1].id })).code).toBe('NOT_FOUND');
    expect(await upvote(second, other.id)).toBe(1);
  });
});
