// The protocol's shapes, shared with the server (type-only: nothing of the server is bundled).
export type { Role } from '../../../src/auth/identity.js';
export type { Board, BoardRow, Entry, PredictorRow, Result, AuditEntry } from '../../../src/crash/crash.types.js';
export type { Me } from '../../../src/events/event.types.js';
export type { ClientEvents, EventState, ServerEvents } from '../../../src/protocol/events.js';
export type { Figures } from '../../../src/ops/figures.types.js';
export type { I18nText, Poll, PollOption, Tally, Vote } from '../../../src/polls/poll.types.js';
export type { ModerateAction, OperatorQuestion, Question } from '../../../src/qa/question.types.js';
export type { Cue, Reaction, ReactionBurst, Scene, SceneKind } from '../../../src/stage/stage.types.js';
export type { Ack, ErrorBody } from '../../../src/common/ack.types.js';
