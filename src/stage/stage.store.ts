import type { Cue, Scene } from './stage.types.js';

export const STAGE_STORE = Symbol('StageStore');

export interface StageStore {
  /** Stores the current cue (a `clear` cue leaves none) and raises seq. */
  setCue(eventId: string, cue: Cue): Promise<number>;
  cue(eventId: string): Promise<Cue | null>;
  /** Sets what the big screens show and raises seq. */
  setScene(eventId: string, scene: Scene): Promise<number>;
  /** The screens' scene; null until an operator chose one (screens then follow the action). */
  scene(eventId: string): Promise<Scene | null>;
  /** Counts one reaction and moves the `reactions` counter version. */
  react(eventId: string, emoji: string): Promise<void>;
  /** Reactions counted since the event began, with their version. */
  reactions(eventId: string): Promise<{ version: number; counts: Record<string, number> }>;
  /**
   * Section 11 (the stage holds nothing of a person: reactions are counted, not who sent them):
   * the cue cleared and reactions back to zero, the `reactions` version moving forward; the
   * screens' scene, an operator's setting, stays.
   */
  reset(eventId: string): Promise<void>;
  /** The stage of the event gone: cue, scene and reactions. */
  deleteEvent(eventId: string): Promise<void>;
}
