// What the console knows of the crash challenge beyond the board: there is no command that lists
// results or entries, so results come from the audit trail (crash:audit, every change of every
// result) and from this console's own acks; entries' model and country from what this console sent.
import { COMMON_TESTS } from '../core/names.js';
import type { AuditEntry, Entry, EventState, Result } from '../core/types.js';
import type { Ctx } from './context.js';
import { remember } from './ui.js';

export class CrashData {
  readonly results = new Map<string, Result>();
  /** Each result's trail, oldest first. */
  readonly trails = new Map<string, AuditEntry[]>();
  auditLoaded = false;
  private readonly listeners: (() => void)[] = [];
  private readonly entryMemory;
  private readonly testMemory;
  private boardVersion = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private loading = false;
  private again = false;

  constructor(private readonly ctx: Ctx) {
    this.entryMemory = remember<Record<string, Entry>>(ctx.eventId, 'entries', {});
    this.testMemory = remember<string[]>(ctx.eventId, 'tests', []);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** The board moved (a result or an entry changed, here or at another console): reload the trail. */
  update(state: EventState): void {
    if (state.board.version === this.boardVersion) return;
    this.boardVersion = state.board.version;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loadAudit(), this.auditLoaded ? 400 : 0);
  }

  async loadAudit(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    const ack = await this.ctx.live.send('crash:audit', {});
    this.loading = false;
    if (ack.ok) {
      this.trails.clear();
      for (const entry of ack.data) {
        const trail = this.trails.get(entry.resultId) ?? [];
        trail.push(entry);
        this.trails.set(entry.resultId, trail);
        const held = this.results.get(entry.resultId);
        if (!held || held.at <= entry.after.at) this.results.set(entry.resultId, entry.after);
      }
      this.auditLoaded = true;
      this.changed();
    }
    if (this.again) {
      this.again = false;
      void this.loadAudit();
    }
  }

  /** A result this console sent or voided (the ack), shown at once; the trail follows. */
  sent(result: Result): void {
    const held = this.results.get(result.id);
    if (!held || held.at <= result.at || held.status !== result.status) this.results.set(result.id, result);
    this.rememberTest(result.test);
    this.changed();
  }

  /** Newest first. */
  list(): Result[] {
    return [...this.results.values()].sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
  }

  entry(id: string): Entry | undefined {
    return this.entryMemory.get()[id];
  }

  rememberEntry(entry: Entry): void {
    this.entryMemory.set({ ...this.entryMemory.get(), [entry.id]: entry });
  }

  rememberTest(test: string): void {
    this.testMemory.set([test, ...this.testMemory.get().filter((x) => x !== test)].slice(0, 8));
  }

  /** Tests to suggest: the recent ones of this console, the board's, those of the trail, common ones. */
  tests(state: EventState | null): { recent: string[]; all: string[] } {
    const fromResults = this.list().map((r) => r.test);
    const recent = [...new Set([...this.testMemory.get(), ...fromResults])].slice(0, 6);
    const all = [...new Set([...recent, ...(state?.board.tests ?? []), ...fromResults, ...COMMON_TESTS])];
    return { recent, all };
  }
}
