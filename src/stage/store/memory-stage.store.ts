import type { MemoryEventClock } from '../../realtime/event-clock.js';
import type { StageStore } from '../stage.store.js';
import type { Cue, Scene } from '../stage.types.js';

export class MemoryStageStore implements StageStore {
  private readonly cues = new Map<string, Cue>();
  private readonly counts = new Map<string, Record<string, number>>();
  private readonly scenes = new Map<string, Scene>();

  constructor(private readonly clock: MemoryEventClock) {}

  setCue(eventId: string, cue: Cue): Promise<number> {
    if (cue.kind === 'clear') this.cues.delete(eventId);
    else this.cues.set(eventId, structuredClone(cue));
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  cue(eventId: string): Promise<Cue | null> {
    const cue = this.cues.get(eventId);
    return Promise.resolve(cue ? structuredClone(cue) : null);
  }

  setScene(eventId: string, scene: Scene): Promise<number> {
    this.scenes.set(eventId, { ...scene });
    return Promise.resolve(this.clock.nextSeq(eventId));
  }

  scene(eventId: string): Promise<Scene | null> {
    const scene = this.scenes.get(eventId);
    return Promise.resolve(scene ? { ...scene } : null);
  }

  react(eventId: string, emoji: string): Promise<void> {
    let counts = this.counts.get(eventId);
    if (!counts) this.counts.set(eventId, (counts = {}));
    counts[emoji] = (counts[emoji] ?? 0) + 1;
    this.clock.bump(eventId, 'reactions');
    return Promise.resolve();
  }

  reactions(eventId: string): Promise<{ version: number; counts: Record<string, number> }> {
    return Promise.resolve({
      version: this.clock.version(eventId, 'reactions'),
      counts: { ...(this.counts.get(eventId) ?? {}) },
    });
  }

  reset(eventId: string): Promise<void> {
    this.cues.delete(eventId);
    this.counts.delete(eventId);
    this.clock.bump(eventId, 'reactions');
    return Promise.resolve();
  }

  deleteEvent(eventId: string): Promise<void> {
    this.cues.delete(eventId);
    this.counts.delete(eventId);
    this.scenes.delete(eventId);
    return Promise.resolve();
  }
}
