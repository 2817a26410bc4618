import type { Client } from '../support/app.js';
import type {
  BroadcastPayload,
  CommandPayload,
  EventState,
  ModerateAction,
  OperatorQuestion,
  Question,
  Sequenced,
} from '../support/protocol.js';
import { okData, sequenced, sync, until } from './helpers.js';

/** A `qa:upvotes` broadcast: the counts that moved, with their version. */
export type Upvotes = BroadcastPayload<'qa:upvotes'>;

export async function forumState(client: Client): Promise<EventState> {
  return sync(client);
}

export async function ask(
  client: Client,
  text: string,
  extra: Omit<CommandPayload<'qa:ask'>, 'text'> = {},
): Promise<Question> {
  return okData(await client.send('qa:ask', { text, ...extra }));
}

export async function moderate(
  op: Client,
  questionId: string,
  action: ModerateAction,
  answer?: string,
): Promise<OperatorQuestion> {
  const payload = answer === undefined ? { questionId, action } : { questionId, action, answer };
  return okData(await op.send('qa:moderate', payload));
}

export async function upvote(client: Client, questionId: string, up = true): Promise<number> {
  const data = okData(await client.send(up ? 'qa:upvote' : 'qa:unvote', { questionId }));
  expect(data.questionId).toBe(questionId);
  return data.upvotes;
}

const SEQ_EVENTS: Sequenced['event'][] = [
  'state',
  'state:seq',
  'poll:updated',
  'stage:cue',
  'qa:question',
  'qa:removed',
  'qa:settings',
];

/** Every message that carried seq, in the order this client got them (its first `state` included). */
export function seqMessages(client: Client): Sequenced[] {
  return sequenced(client, SEQ_EVENTS);
}

/** One message per seq, each one more than the one before: no gap, no repeat. */
export function expectForumGapless(client: Client): void {
  const trail = seqMessages(client).map((m) => m.payload.seq);
  expect(trail).toEqual(trail.map((_, i) => trail[0] + i));
}

/** The message that carried this seq to this client (waits for it). */
export async function at(client: Client, seq: number): Promise<Sequenced> {
  const find = (): Sequenced | undefined => seqMessages(client).find((m) => m.payload.seq === seq);
  await until(client, () => find() !== undefined, `seq ${seq}`);
  const found = find();
  if (found === undefined) throw new Error(`no message with seq ${seq}`);
  return found;
}

/** The question a `qa:question` message carries (it must be one). */
export function questionOf(m: Sequenced): Question {
  if (m.event !== 'qa:question') throw new Error(`${m.event} carries no question`);
  return m.payload.question;
}

/** The seq of this client's first snapshot. */
export function firstSeq(client: Client): number {
  return client.messages('state')[0].seq;
}

/** A question as the audience sees it: without what only operators may know. */
export function expectPublicShape(q: Question): void {
  for (const key of ['authorId', 'anonymous', 'flagged', 'rev'])
    expect({ id: q.id, has: key in q }).toEqual({ id: q.id, has: false });
}

/** The latest `qa:mine` this member got about one of their questions, once it passes the test. */
export function waitMine(client: Client, id: string, test: (q: Question) => boolean = () => true): Promise<Question> {
  return client.waitFor('qa:mine', (m) => m.question.id === id && test(m.question)).then((m) => m.question);
}

/** Waits for a `qa:upvotes` whose counts are exactly these (newer than `since`, when given). */
export function waitCounts(client: Client, counts: Record<string, number>, since?: Upvotes): Promise<Upvotes> {
  const key = (c: Record<string, number>): string => JSON.stringify(Object.entries(c).sort());
  const newer = (u: Upvotes): boolean => since === undefined || u.version > since.version;
  return client.waitFor('qa:upvotes', (u) => newer(u) && key(u.counts) === key(counts));
}

/** Versions of the `qa:upvotes` this client got: each newer than the one before. */
export function expectRisingVersions(client: Client): void {
  const versions = client.messages('qa:upvotes').map((u) => u.version);
  for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
}

/** Waits until the server clock has moved past `t`, so the next question is strictly newer. */
export async function after(t: number): Promise<void> {
  while (Date.now() <= t) await new Promise((r) => setTimeout(r, 1));
}
