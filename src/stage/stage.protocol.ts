import type { AckFn } from '../realtime/protocol.js';
import type { Cue, Reaction, ReactionBurst, Scene, SceneKind } from './stage.types.js';

/** Stage cues, reactions and what the screens show (PROTOCOL section 7): commands. */
export interface StageCommands {
  'stage:cue': (payload: Omit<Cue, 'id' | 'at'>, ack: AckFn<Cue>) => void;
  'reaction:send': (payload: { emoji: Reaction }, ack: AckFn<Record<string, never>>) => void;
  /** Added (operators): what the big screens show. */
  'screen:scene': (payload: { kind: SceneKind; pollId?: string }, ack: AckFn<Scene>) => void;
}

export interface StageBroadcasts {
  'stage:cue': (payload: { seq: number; cue: Cue }) => void;
  'reaction:burst': (burst: ReactionBurst) => void;
  /** Added: the operator chose what the screens show. */
  'screen:scene': (payload: { seq: number; scene: Scene }) => void;
}

/** The stage's part of the snapshot. */
export interface StagePart {
  stage: { cue: Cue | null };
  /** Added: what the big screens show (null: they follow the action). */
  screen: { scene: Scene | null };
}

/** The stage's part of the event's report (PROTOCOL section 11). */
export interface StageReport {
  /** Reactions counted over the event, by emoji. */
  reactions: Record<string, number>;
}
