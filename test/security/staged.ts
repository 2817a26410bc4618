import { STAGE_STORE, type StageStore } from '../../src/stage/stage.store.js';
import { call, type Call, type Client } from '../support/app.js';
import type { ClientEvents, CommandPayload, Role } from '../support/protocol.js';
import { okData, openPoll, singlePoll, stable, sync, type Ctx, type Member, type Room } from '../e2e/helpers.js';
import { addEntries, entry, sendResult } from '../e2e/crash-support.js';
import { ask, moderate } from '../e2e/forum-support.js';
import { quizPayload } from '../e2e/quiz-support.js';
import type { Shape } from './hostile.js';

/** Limits far above what these suites send, so that what they check is not RATE_LIMITED. */
export const GENEROUS_LIMITS: Record<string, string> = {
  COMMAND_RATE: '1000',
  COMMAND_BURST: '10000',
  SYNC_LIMIT: '10000',
  QA_ASK_LIMIT: '1000',
  QA_UPVOTE_LIMIT: '10000',
};

/**
 * Who may send each command, as PROTOCOL sections 3-7 and docs/protocol.md say (not read from the
 * code). Typed by the command list, so a new command does not compile until it is in here.
 */
export const WHO: Record<keyof ClientEvents, readonly Role[]> = {
  'state:sync': ['audience', 'operator', 'screen'],
  'poll:create': ['operator'],
  'poll:open': ['operator'],
  'poll:close': ['operator'],
  'poll:reveal': ['operator'],
  'poll:vote': ['audience'],
  'poll:moderate-answer': ['operator'],
  'stage:cue': ['operator'],
  'screen:scene': ['operator'],
  'reaction:send': ['audience'],
  'qa:ask': ['audience'],
  'qa:upvote': ['audience'],
  'qa:unvote': ['audience'],
  'qa:moderate': ['operator'],
  'qa:merge': ['operator'],
  'qa:settings': ['operator'],
  'crash:entry': ['operator'],
  'crash:result': ['operator'],
  'crash:void': ['operator'],
  'crash:freeze': ['operator'],
  'crash:audit': ['operator'],
  'crash:standing': ['audience'],
  'quiz:create': ['operator'],
  'quiz:next': ['operator'],
  'quiz:reveal': ['operator'],
  'quiz:end': ['operator'],
  'quiz:answer': ['audience'],
};
export const ROLES: Role[] = ['audience', 'operator', 'screen'];

/**
 * An event with some of everything: a draft poll `draft`, an open poll `live`, two approved
 * questions of Ana's, entries car1 and car2 and a result r1, a quiz `quiz1` with its first question
 * running; an operator, a screen and Ana connected.
 */
export interface Staged {
  room: Room;
  ana: Member;
  clients: Record<Role, Client>;
  q1: string;
  q2: string;
  /** Ana's answer in the open text poll `said`. */
  answerId: string;
}

export async function stage(ctx: Ctx): Promise<Staged> {
  const room = await ctx.room();
  const ana = await room.member({ name: 'Ana', country: 'ES' });
  okData(await room.op.send('poll:create', singlePoll('draft')));
  await openPoll(room.op, singlePoll('live'));
  await addEntries(room.op, entry('car1'), entry('car2'));
  await sendResult(room.op, { id: 'r1', entryId: 'car1', test: 'frontal', score: 80 });
  const q1 = (await ask(ana.client, 'Is the sunroof optional?')).id;
  const q2 = (await ask(ana.client, 'Is a panoramic roof optional?')).id;
  await moderate(room.op, q1, 'approve');
  await moderate(room.op, q2, 'approve');
  okData(await room.op.send('quiz:create', quizPayload('quiz1', { n: 2, timeLimitMs: 120_000 })));
  okData(await room.op.send('quiz:next', { quizId: 'quiz1' }));
  await openPoll(room.op, { id: 'said', kind: 'text', question: { en: 'Say?' }, moderated: true });
  okData(await ana.client.send('poll:vote', { pollId: 'said', text: 'Safer roads' }));
  const said = (await sync(room.op)).polls.find((p) => p.id === 'said');
  const answerId = said?.tally?.answers?.[0]?.id ?? '';
  const clients = { audience: ana.client, operator: room.op, screen: room.screen };
  return { room, ana, clients, q1, q2, answerId };
}

/** A command with a payload that succeeds (checked by the map), and the Shape its hostile copies come from. */
export interface Command extends Call<Record<string, unknown>> {
  shape: Shape;
  /** Takes no payload and ignores any (state:sync, crash:standing): a hostile one is answered ok. */
  ignoresPayload?: boolean;
}

function command<K extends keyof ClientEvents, P extends CommandPayload<K> & Record<string, unknown>>(
  event: K,
  payload: P,
  required: string[],
  more: Pick<Shape, 'loose'> & Pick<Command, 'ignoresPayload'> = {},
): Command {
  return {
    ...call(event, payload),
    shape: { payload, required, ...(more.loose ? { loose: more.loose } : {}) },
    ...(more.ignoresPayload ? { ignoresPayload: true } : {}),
  };
}

/** Every command with a payload its role may send, in an order in which each one succeeds. */
export function commands(s: Staged): Command[] {
  return [
    command('state:sync', {}, [], { ignoresPayload: true }),
    command('poll:vote', { pollId: 'live', optionIds: ['a'] }, ['pollId', 'optionIds']),
    command('reaction:send', { emoji: '👍' }, ['emoji']),
    // `lang` is a BCP 47 tag, where even `toString` has the shape of a language.
    command('qa:ask', { text: 'Which tyres does it take?', anonymous: true, lang: 'en' }, ['text'], {
      loose: ['text', 'lang'],
    }),
    command('qa:upvote', { questionId: s.q1 }, ['questionId']),
    command('qa:unvote', { questionId: s.q1 }, ['questionId']),
    command('crash:standing', {}, [], { ignoresPayload: true }),
    command('quiz:answer', { quizId: 'quiz1', questionId: 'k1', optionId: 'a' }, ['quizId', 'questionId', 'optionId']),
    command('poll:create', singlePoll('fresh'), ['kind', 'question', 'options']),
    command('poll:open', { pollId: 'draft' }, ['pollId']),
    command('poll:reveal', { pollId: 'live' }, ['pollId']),
    command('poll:close', { pollId: 'live' }, ['pollId']),
    command('stage:cue', { kind: 'announcement', title: 'Hi', body: 'Welcome' }, ['kind'], {
      loose: ['title', 'body'],
    }),
    command('screen:scene', { kind: 'poll', pollId: 'live' }, ['kind']),
    command('qa:moderate', { questionId: s.q1, action: 'answer', answer: 'Yes' }, ['questionId', 'action'], {
      loose: ['answer'],
    }),
    command('qa:merge', { questionId: s.q2, intoId: s.q1 }, ['questionId', 'intoId']),
    command('poll:moderate-answer', { pollId: 'said', answerId: s.answerId, action: 'approve' }, [
      'pollId',
      'answerId',
      'action',
    ]),
    command('qa:settings', { moderation: false }, ['moderation']),
    command(
      'crash:entry',
      { id: 'car3', name: 'Car 3', brand: 'Brand', model: 'M', country: 'DE' },
      ['id', 'name', 'brand'],
      { loose: ['name', 'brand', 'model'] },
    ),
    command(
      'crash:result',
      { id: 'r2', entryId: 'car2', test: 'side-pole', score: 70.5, stars: 4, metrics: { hic: 512.5 } },
      ['id', 'entryId', 'test', 'score'],
    ),
    command('crash:void', { resultId: 'r1' }, ['resultId']),
    command('crash:audit', { resultId: 'r1' }, []),
    command('crash:freeze', { frozen: true }, ['frozen']),
    command('quiz:create', quizPayload('quiz2', { n: 1 }), ['title', 'questions']),
    command('quiz:reveal', { quizId: 'quiz1' }, ['quizId']),
    command('quiz:end', { quizId: 'quiz1' }, ['quizId']),
    command('quiz:next', { quizId: 'quiz2' }, ['quizId']),
  ];
}

export type Snapshot = Awaited<ReturnType<typeof stable>>;

/**
 * What each client holds now; `check` then asserts that nothing changed since: the same snapshot
 * (every poll, tally, question, board...), no broadcast with a newer seq, the same reactions.
 */
export async function frozenState(ctx: Ctx, eventId: string, clients: Client[]): Promise<{ check(): Promise<void> }> {
  const reactions = (): Promise<unknown> => ctx.app.app.get<symbol, StageStore>(STAGE_STORE).reactions(eventId);
  const before = await Promise.all(clients.map((c) => stable(c)));
  const reactionsBefore = await reactions();
  return {
    async check(): Promise<void> {
      for (const [i, c] of clients.entries()) {
        expect(await stable(c)).toEqual(before[i]);
        const newer = c.received.filter((m) => 'seq' in m.payload && m.payload.seq > before[i].seq);
        expect(newer).toEqual([]);
      }
      expect(await reactions()).toEqual(reactionsBefore);
    },
  };
}

/** Sends every command's valid payload from its role: each must succeed (the server still serves). */
export async function runAll(s: Staged): Promise<void> {
  for (const { event, send } of commands(s)) {
    for (const role of WHO[event]) {
      const ack = await send(s.clients[role]);
      expect({ event, role, ok: ack.ok, ack: ack.ok ? 'ok' : ack.error }).toEqual({ event, role, ok: true, ack: 'ok' });
    }
  }
  expect((await sync(s.room.op)).polls.find((p) => p.id === 'fresh')).toBeDefined();
}
