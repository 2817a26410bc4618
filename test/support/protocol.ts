// The protocol as a test client speaks it, taken whole from the server's own maps
// (src/protocol/events.ts): a renamed command, broadcast or field is a compile error in the tests.
import type { AckFn, ClientEvents, ServerEvents } from '../../src/protocol/events.js';
import type { Message, Payload } from '../../src/realtime/protocol.js';

export type { Ack, ClientEvents, ErrorBody, EventState, ServerEvents } from '../../src/protocol/events.js';

/** A command a client sends, its payload, and the data its ok ack carries. */
export type Command = keyof ClientEvents;
export type CommandPayload<K extends Command> = Payload<ClientEvents, K>;
export type AckData<K extends Command> = ClientEvents[K] extends (payload: never, ack: AckFn<infer T>) => void
  ? T
  : never;

/** A broadcast the server sends, and its payload. */
export type Broadcast = keyof ServerEvents;
export type BroadcastPayload<E extends Broadcast> = Payload<ServerEvents, E>;
/** One broadcast as a client received it: its name and its payload, together. */
export type Received = Message<ServerEvents>;
/** The broadcasts that carry `seq` (changes of state, the snapshot included). */
export type Sequenced = Extract<Received, { payload: { seq: number } }>;

// The shapes the commands and broadcasts carry.
export type { Role } from '../../src/auth/identity.js';
export type { AuditEntry, Board, BoardRow, Entry, PredictorRow, Result } from '../../src/crash/crash.types.js';
export type { I18nText, Poll, PollResults, Tally, Vote } from '../../src/polls/poll.types.js';
export type { ModerateAction, OperatorQuestion, Question } from '../../src/qa/question.types.js';
export type { Cue, ReactionBurst } from '../../src/stage/stage.types.js';
