export const CUE_KINDS = ['announcement', 'reveal', 'countdown', 'clear'] as const;
export type CueKind = (typeof CUE_KINDS)[number];

export interface Cue {
  id: string;
  kind: CueKind;
  title?: string;
  body?: string;
  /** Epoch ms: when a countdown ends or an announcement expires. */
  until?: number;
  at: number;
}

/** The fixed set the audience may react with: small, so a burst stays small. */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '😮', '🎉', '🔥', '🚗'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface ReactionBurst {
  version: number;
  counts: Record<string, number>;
  windowMs: number;
}

/** What the big screens show; `auto` lets the screen follow the action (open poll, featured question...). */
export const SCENES = ['auto', 'poll', 'question', 'board', 'predictors', 'join', 'blank'] as const;
export type SceneKind = (typeof SCENES)[number];

export interface Scene {
  kind: SceneKind;
  /** With `poll`: the poll to show (default: the newest open or revealed one). */
  pollId?: string;
  at: number;
}
