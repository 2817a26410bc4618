import type { MemoryEventClock } from '../../realtime/event-clock.js';
import type { Actor, Change, CrashState, CrashStore, ResultChange } from '../crash.store.js';
import type { AuditEntry, Board, Entry, Result } from '../crash.types.js';
import { amendedResult, sameResultContent } from '../crash-rules.js';

interface Challenge {
  entries: Map<string, Entry>;
  results: Map<string, Result>;
  version: number;
  frozen: Board | null;
  audit: AuditEntry[];
  points: Map<string, number>;
  awarded: Map<string, string[]>;
}

/** Embedded mode: each method is synchronous between its awaits, hence atomic in one process. */
export class MemoryCrashStore implements CrashStore {
  private readonly challenges = new Map<string, Challenge>();

  constructor(private readonly clock: MemoryEventClock) {}

  private of(eventId: string): Challenge {
    let c = this.challenges.get(eventId);
    if (!c) {
      c = {
        entries: new Map(),
        results: new Map(),
        version: 0,
        frozen: null,
        audit: [],
        points: new Map(),
        awarded: new Map(),
      };
      this.challenges.set(eventId, c);
    }
    return c;
  }

  private changed(eventId: string, c: Challenge): { seq: number; version: number } {
    c.version += 1;
    return { seq: this.clock.nextSeq(eventId), version: c.version };
  }

  upsertEntry(eventId: string, entry: Entry): Promise<Change> {
    const c = this.of(eventId);
    const old = c.entries.get(entry.id);
    if (old && JSON.stringify(old) === JSON.stringify(entry)) return Promise.resolve({ kind: 'unchanged' });
    c.entries.set(entry.id, structuredClone(entry));
    return Promise.resolve({ kind: 'changed', ...this.changed(eventId, c) });
  }

  upsertResult(eventId: string, result: Result, by: Actor): Promise<ResultChange> {
    const c = this.of(eventId);
    const before = c.results.get(result.id) ?? null;
    if (before && sameResultContent(before, result)) return Promise.resolve({ kind: 'unchanged' });
    if (!c.entries.has(result.entryId)) return Promise.resolve({ kind: 'missing' });
    const after = structuredClone(amendedResult(before, result));
    c.results.set(result.id, after);
    c.audit.push({ at: result.at, by, action: before ? 'amend' : 'create', resultId: result.id, before, after });
    return Promise.resolve({ kind: 'changed', ...this.changed(eventId, c), before, after: structuredClone(after) });
  }

  voidResult(eventId: string, resultId: string, at: number, by: Actor): Promise<ResultChange> {
    const c = this.of(eventId);
    const before = c.results.get(resultId);
    if (!before) return Promise.resolve({ kind: 'missing' });
    if (before.status === 'void') return Promise.resolve({ kind: 'unchanged' });
    const after: Result = { ...structuredClone(before), status: 'void' };
    c.results.set(resultId, after);
    c.audit.push({ at, by, action: 'void', resultId, before, after });
    return Promise.resolve({ kind: 'changed', ...this.changed(eventId, c), before, after: structuredClone(after) });
  }

  state(eventId: string): Promise<CrashState> {
    const c = this.of(eventId);
    return Promise.resolve(
      structuredClone({
        entries: [...c.entries.values()],
        results: [...c.results.values()],
        version: c.version,
        frozen: c.frozen,
      }),
    );
  }

  version(eventId: string): Promise<number> {
    return Promise.resolve(this.of(eventId).version);
  }

  freeze(eventId: string, board: Board, version: number): Promise<Change | { kind: 'stale' }> {
    const c = this.of(eventId);
    if (c.frozen) return Promise.resolve({ kind: 'unchanged' });
    if (c.version !== version) return Promise.resolve({ kind: 'stale' });
    c.frozen = structuredClone(board);
    return Promise.resolve({ kind: 'changed', ...this.changed(eventId, c) });
  }

  unfreeze(eventId: string): Promise<Change> {
    const c = this.of(eventId);
    if (!c.frozen) return Promise.resolve({ kind: 'unchanged' });
    c.frozen = null;
    return Promise.resolve({ kind: 'changed', ...this.changed(eventId, c) });
  }

  audit(eventId: string, resultId?: string): Promise<AuditEntry[]> {
    const all = this.of(eventId).audit.filter((a) => resultId === undefined || a.resultId === resultId);
    return Promise.resolve(structuredClone(all));
  }

  award(eventId: string, pollId: string, winners: string[], points: number): Promise<void> {
    const c = this.of(eventId);
    const move = (id: string, by: number): void => {
      const next = (c.points.get(id) ?? 0) + by;
      if (next === 0) c.points.delete(id);
      else c.points.set(id, next);
    };
    for (const id of c.awarded.get(pollId) ?? []) move(id, -points);
    for (const id of winners) move(id, points);
    c.awarded.set(pollId, [...winners]);
    this.clock.bump(eventId, 'predictors');
    return Promise.resolve();
  }

  predictors(eventId: string, top: number): Promise<{ version: number; rows: { id: string; points: number }[] }> {
    const rows = [...this.of(eventId).points]
      .map(([id, points]) => ({ id, points }))
      .sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : 1))
      .slice(0, top);
    return Promise.resolve({ version: this.clock.version(eventId, 'predictors'), rows });
  }

  standing(eventId: string, personId: string): Promise<{ points: number; rank: number } | null> {
    const points = this.of(eventId).points;
    const mine = points.get(personId);
    if (mine === undefined) return Promise.resolve(null);
    const above = [...points.values()].filter((p) => p > mine).length;
    return Promise.resolve({ points: mine, rank: above + 1 });
  }

  erasePerson(eventId: string, personId: string): Promise<void> {
    const c = this.challenges.get(eventId);
    if (!c) return Promise.resolve();
    c.points.delete(personId);
    for (const [pollId, winners] of c.awarded)
      c.awarded.set(
        pollId,
        winners.filter((id) => id !== personId),
      );
    this.clock.bump(eventId, 'predictors');
    return Promise.resolve();
  }

  reset(eventId: string): Promise<void> {
    const c = this.challenges.get(eventId);
    if (!c) return Promise.resolve();
    c.results.clear();
    c.audit = [];
    c.frozen = null;
    c.points.clear();
    c.awarded.clear();
    // Forward, never back: a board or predictors list older than the one a client holds is dropped.
    c.version += 1;
    this.clock.bump(eventId, 'predictors');
    return Promise.resolve();
  }

  deleteEvent(eventId: string): Promise<void> {
    this.challenges.delete(eventId);
    return Promise.resolve();
  }
}
