import type { Server, Socket } from 'socket.io';
import type { Identity, Role } from '../auth/identity.js';
import type { AuditEntry, Board, Entry, PredictorRow, Result } from '../crash/crash.types.js';
import type { EventState } from '../events/event.types.js';
import type { Figures } from '../ops/figures.types.js';
import type { Poll, Tally, Vote } from '../polls/poll.types.js';
import type { OperatorQuestion, Question } from '../qa/question.types.js';
import type { Cue, ReactionBurst, Scene } from '../stage/stage.types.js';
import type { Ack } from '../common/errors.js';

export type AckFn<T> = (ack: Ack<T>) => void;

/** Client-to-server commands (PROTOCOL sections 3, 4, 7); payloads are validated by DTOs. */
export interface ClientEvents {
  'state:sync': (payload: unknown, ack: AckFn<EventState>) => void;
  'poll:create': (payload: unknown, ack: AckFn<Poll>) => void;
  'poll:open': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:close': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:reveal': (payload: { pollId: string }, ack: AckFn<Poll>) => void;
  'poll:vote': (payload: { pollId: string } & Vote, ack: AckFn<{ pollId: string; vote: Vote }>) => void;
  'stage:cue': (payload: Omit<Cue, 'id' | 'at'>, ack: AckFn<Cue>) => void;
  'reaction:send': (payload: { emoji: string }, ack: AckFn<Record<string, never>>) => void;
  'qa:ask': (payload: { text: string; anonymous?: boolean; lang?: string }, ack: AckFn<Question>) => void;
  'qa:upvote': (payload: { questionId: string }, ack: AckFn<{ questionId: string; upvotes: number }>) => void;
  'qa:unvote': (payload: { questionId: string }, ack: AckFn<{ questionId: string; upvotes: number }>) => void;
  'qa:moderate': (
    payload: { questionId: string; action: string; answer?: string },
    ack: AckFn<OperatorQuestion>,
  ) => void;
  'qa:merge': (payload: { questionId: string; intoId: string }, ack: AckFn<OperatorQuestion>) => void;
  'qa:settings': (payload: { moderation: boolean }, ack: AckFn<{ moderation: boolean }>) => void;
  /** Added (operators): what the big screens show. */
  'screen:scene': (payload: { kind: string; pollId?: string }, ack: AckFn<Scene>) => void;
  'crash:entry': (payload: Entry, ack: AckFn<Entry>) => void;
  'crash:result': (payload: Omit<Result, 'status' | 'at'>, ack: AckFn<Result>) => void;
  'crash:void': (payload: { resultId: string }, ack: AckFn<Result>) => void;
  'crash:freeze': (payload: { frozen: boolean }, ack: AckFn<Board>) => void;
  /** Added (operators): the audit trail of one result or all. */
  'crash:audit': (payload: { resultId?: string }, ack: AckFn<AuditEntry[]>) => void;
  /** Added (audience): my points and rank in the prediction game. */
  'crash:standing': (payload: unknown, ack: AckFn<{ points: number; rank: number | null }>) => void;
}

/** Server-to-client broadcasts. Changes of state carry `seq`; counters carry `version`. */
export interface ServerEvents {
  state: (state: EventState) => void;
  /** Added: seq moved by a change this role may not see, so the client sees no gap. */
  'state:seq': (payload: { seq: number }) => void;
  'poll:updated': (payload: { seq: number; poll: Poll }) => void;
  'poll:tally': (tally: Tally) => void;
  'stage:cue': (payload: { seq: number; cue: Cue }) => void;
  'reaction:burst': (burst: ReactionBurst) => void;
  /** Operators get OperatorQuestion (who asked, anonymous, flagged). */
  'qa:question': (payload: { seq: number; question: Question }) => void;
  'qa:removed': (payload: { seq: number; questionId: string }) => void;
  'qa:upvotes': (payload: { version: number; counts: Record<string, number> }) => void;
  /** Added: the forum's moderation setting changed. */
  'qa:settings': (payload: { seq: number; moderation: boolean }) => void;
  /** Added: to its author only, any change of one of their own questions (pending ones too). */
  'qa:mine': (payload: { question: Question }) => void;
  'crash:board': (payload: { seq: number; board: Board }) => void;
  /** Added: the operator chose what the screens show. */
  'screen:scene': (payload: { seq: number; scene: Scene }) => void;
  /** Added: the prediction game's top predictors, on the ticker when points moved. */
  'crash:predictors': (payload: { version: number; rows: PredictorRow[] }) => void;
  /** Added (operators): live figures of the whole cluster, once a second. */
  'ops:figures': (payload: Figures) => void;
  /** Added: this node is shutting down; reconnect (elsewhere) at a random moment within the window. */
  'server:draining': (payload: { reconnectWithinMs: number }) => void;
}

export interface SocketData {
  identity: Identity;
}

export type AppServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

/** What each role receives of one change; null: the role may not see it. */
export type RoleViews<P> = Record<Role, P | null>;

export const eventRoom = (eventId: string): string => `ev:${eventId}`;
export const roleRoom = (eventId: string, role: Role): string => `ev:${eventId}:${role}`;
/** Each audience member's own room: all their sockets, on every node. */
export const personRoom = (eventId: string, personId: string): string => `ev:${eventId}:p:${personId}`;
