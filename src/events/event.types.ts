import type { Role } from '../auth/identity.js';
import type { Board, PredictorRow } from '../crash/crash.types.js';
import type { Poll, Vote } from '../polls/poll.types.js';
import type { Question } from '../qa/question.types.js';
import type { Cue, Scene } from '../stage/stage.types.js';

export interface EventInfo {
  id: string;
  name: string;
  moderation: boolean;
  inviteCodes: string[];
  createdAt: number;
}

/** Public view of an event (invite codes stay with the admin). */
export type EventView = Omit<EventInfo, 'inviteCodes'>;

export interface Me {
  id: string;
  name: string | null;
  country: string | null;
  koc: boolean;
  /** Added with the prediction game (audience snapshot): my points and rank among predictors. */
  points?: number;
  rank?: number | null;
}

/** The snapshot every socket gets on connect and on `state:sync` (PROTOCOL section 3). */
export interface EventState {
  eventId: string;
  name: string;
  seq: number;
  serverTime: number;
  role: Role;
  me: Me | null;
  stage: { cue: Cue | null };
  /** Added: what the big screens show (null: they follow the action). */
  screen: { scene: Scene | null };
  polls: Poll[];
  /** Audience and screens: approved and answered, in forum order; operators: all (OperatorQuestion). */
  questions: Question[];
  /** Added: the forum's settings. */
  forum: { moderation: boolean };
  board: Board;
  /** Added: the prediction game's top predictors. */
  predictors: PredictorRow[];
  myVotes: Record<string, Vote>;
  myUpvotes: string[];
  /** Added, audience only: the person's own questions, whatever their status. */
  myQuestions: Question[];
}
