import type { MinuteFigures } from '../../events/report.types.js';
import { ROLES } from '../../auth/identity.js';
import { emptyMinute, type FigureStore } from '../figure.store.js';
import { COUNT_NAMES, type MinuteDelta } from '../figure.types.js';

interface Minute {
  figures: MinuteFigures;
  /** Until folded: the digests of the people active. */
  active: Set<string> | null;
}

export class MemoryFigureStore implements FigureStore {
  private readonly events = new Map<string, Map<number, Minute>>();

  add(eventId: string, deltas: MinuteDelta[]): Promise<void> {
    let minutes = this.events.get(eventId);
    if (!minutes) this.events.set(eventId, (minutes = new Map<number, Minute>()));
    for (const delta of deltas) {
      let entry = minutes.get(delta.minute);
      if (!entry) minutes.set(delta.minute, (entry = { figures: emptyMinute(delta.minute), active: null }));
      const f = entry.figures;
      for (const name of COUNT_NAMES) f[name] += delta.counts[name] ?? 0;
      for (const role of ROLES) f.connected[role] += delta.connected[role] ?? 0;
      if (delta.active.length > 0) {
        entry.active ??= new Set<string>();
        for (const digest of delta.active) entry.active.add(digest);
      }
    }
    return Promise.resolve();
  }

  timeline(eventId: string): Promise<MinuteFigures[]> {
    const minutes = [...(this.events.get(eventId)?.values() ?? [])].sort((a, b) => a.figures.minute - b.figures.minute);
    return Promise.resolve(
      minutes.map(({ figures, active }) => ({
        ...figures,
        connected: { ...figures.connected },
        active: active ? active.size : figures.active,
      })),
    );
  }

  fold(eventId: string, before: number): Promise<void> {
    for (const entry of this.events.get(eventId)?.values() ?? []) {
      if (entry.figures.minute >= before || !entry.active) continue;
      entry.figures.active = entry.active.size;
      entry.active = null;
    }
    return Promise.resolve();
  }

  clear(eventId: string): Promise<void> {
    this.events.delete(eventId);
    return Promise.resolve();
  }
}
