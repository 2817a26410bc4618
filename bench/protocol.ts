// The protocol as the bench's clients speak it, by the server's own maps (src/protocol/events.ts,
// types only: nothing of src/ runs here): a renamed command, broadcast or field does not compile.
import type { ClientEvents, ServerEvents } from '../src/protocol/events.js';
import type { Payload } from '../src/realtime/protocol.js';

export type { ClientEvents, EventState, ServerEvents } from '../src/protocol/events.js';
export type { Poll, Tally, Vote } from '../src/polls/poll.types.js';
export type { Cue } from '../src/stage/stage.types.js';
export type { Quiz } from '../src/quiz/quiz.types.js';
export type { Role } from '../src/auth/identity.js';

/** A command a client sends, and its payload. */
export type Command = keyof ClientEvents;
export type CommandPayload<K extends Command> = Payload<ClientEvents, K>;
/** A broadcast the server sends, and its payload. */
export type Broadcast = keyof ServerEvents;
export type BroadcastPayload<E extends Broadcast> = Payload<ServerEvents, E>;

/** Every broadcast of the map, once: a broadcast added or renamed there is a compile error here. */
const BROADCASTS: Record<Broadcast, true> = {
  state: true,
  'state:seq': true,
  'server:draining': true,
  'ops:figures': true,
  'event:reset': true,
  'event:deleted': true,
  'poll:updated': true,
  'poll:tally': true,
  'qa:question': true,
  'qa:removed': true,
  'qa:upvotes': true,
  'qa:settings': true,
  'qa:mine': true,
  'crash:board': true,
  'crash:predictors': true,
  'stage:cue': true,
  'reaction:burst': true,
  'screen:scene': true,
  'quiz:updated': true,
  'quiz:question': true,
  'quiz:closed': true,
  'quiz:reveal': true,
  'quiz:me': true,
  'quiz:ended': true,
  'quiz:answers': true,
};

export function isBroadcast(name: string): name is Broadcast {
  return Object.hasOwn(BROADCASTS, name);
}
