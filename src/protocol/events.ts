// The whole protocol (PROTOCOL.md), composed from the core's part and each feature's: the one
// source of truth that the server, the web pages, the bench and the tests type-check against
// (`Socket<ServerEvents, ClientEvents>` on a client). Types only; it sits above the features,
// and nothing in src/ but the composition imports it.
import type { CrashBroadcasts, CrashCommands, CrashPart } from '../crash/crash.protocol.js';
import type { CoreState, EventsBroadcasts, EventsCommands } from '../events/event.types.js';
import type { OpsBroadcasts } from '../ops/figures.types.js';
import type { PollBroadcasts, PollCommands, PollsPart } from '../polls/polls.protocol.js';
import type { QaBroadcasts, QaCommands, QaPart } from '../qa/qa.protocol.js';
import type { QuizBroadcasts, QuizCommands, QuizPart } from '../quiz/quiz.protocol.js';
import type { AckFn, CoreServerEvents } from '../realtime/protocol.js';
import type { StageBroadcasts, StageCommands, StagePart } from '../stage/stage.protocol.js';

/** The snapshot every socket gets on connect and on `state:sync` (PROTOCOL section 3). */
export interface EventState extends CoreState, PollsPart, QaPart, CrashPart, StagePart, QuizPart {}

/** Client-to-server commands; payloads are validated by DTOs on the server. */
export interface ClientEvents
  extends Omit<EventsCommands, 'state:sync'>, PollCommands, QaCommands, CrashCommands, StageCommands, QuizCommands {
  'state:sync': (payload: unknown, ack: AckFn<EventState>) => void;
}

/** Server-to-client events. Changes of state carry `seq`; counters carry `version`. */
export interface ServerEvents
  extends
    CoreServerEvents,
    Omit<EventsBroadcasts, 'state'>,
    OpsBroadcasts,
    PollBroadcasts,
    QaBroadcasts,
    CrashBroadcasts,
    StageBroadcasts,
    QuizBroadcasts {
  state: (state: EventState) => void;
}

export type { AckFn } from '../realtime/protocol.js';
export type { Ack, ErrorBody, ErrorCode } from '../common/ack.types.js';
