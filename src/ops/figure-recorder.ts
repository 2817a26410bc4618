import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ROLES, type Role } from '../auth/identity.js';
import { personDigest } from '../auth/person-digest.js';
import { AppConfig } from '../config/app-config.js';
import { Presence, type RoleCounts } from '../realtime/presence.js';
import { FIGURE_STORE, type FigureStore } from './figure.store.js';
import { COUNT_NAMES, MINUTE_MS, minuteOf, type CountName, type MinuteDelta } from './figure.types.js';

const FLUSH_MS = 1000;
/** A minute's set of active people is folded into a count this long after the minute began. */
const FOLD_AFTER_MS = 3 * MINUTE_MS;

/** What this node has counted of one event since its last flush. */
interface Pending {
  minutes: Map<number, { counts: Record<CountName, number>; active: Set<string> }>;
}

/** This node's peak of sockets in the current minute, and how much of it is flushed. */
interface Peak {
  minute: number;
  peak: RoleCounts;
  flushed: RoleCounts;
}

const zero = (): RoleCounts => ({ audience: 0, operator: 0, screen: 0 });
const zeroCounts = (): Record<CountName, number> => ({ joins: 0, votes: 0, answers: 0, questions: 0, upvotes: 0 });

/**
 * Figures over time (PROTOCOL section 11), per event and minute. The hot path is an in-memory
 * increment; once a second each event's deltas go to the store in one transaction.
 */
@Injectable()
export class FigureRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('FigureRecorder');
  private pending = new Map<string, Pending>();
  /** People already counted active this minute on this node: one SADD per person and minute. */
  private readonly seen = new Map<string, { minute: number; ids: Set<string>; mark: number }>();
  /** Numbers each `seen` record: a socket that holds the current one's was counted in it. */
  private marks = 0;
  private readonly peaks = new Map<string, Peak>();
  /** Events with an unfolded minute written by this node, and the last minute folded for each. */
  private readonly folded = new Map<string, number>();
  /** Events deleted lately: whatever still arrives for them is dropped, not written back. */
  private readonly gone = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly presence: Presence,
    @Inject(FIGURE_STORE) private readonly store: FigureStore,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** One more of a figure in the current minute (an acked command, a join). */
  count(eventId: string, name: CountName): void {
    const minute = minuteOf(Date.now());
    this.minuteOf(eventId, minute).counts[name] += 1;
  }

  /**
   * An audience member sent a command: counted once per minute, deduplicated over nodes by the
   * store. `socket` (its data) remembers the minute's record it was counted in: its next commands
   * in that minute skip the lookup in the minute's set of people.
   */
  active(eventId: string, personId: string, socket: { activeMark?: number }): void {
    const minute = minuteOf(Date.now());
    let seen = this.seen.get(eventId);
    if (!seen || seen.minute !== minute) {
      this.seen.set(eventId, (seen = { minute, ids: new Set<string>(), mark: ++this.marks }));
    }
    if (socket.activeMark === seen.mark) return;
    socket.activeMark = seen.mark;
    if (seen.ids.has(personId)) return;
    seen.ids.add(personId);
    this.minuteOf(eventId, minute).active.add(personId);
  }

  /** This node's sockets of the event now (at each connection, and sampled every flush). */
  connected(eventId: string, counts: RoleCounts): void {
    const minute = minuteOf(Date.now());
    let peak = this.peaks.get(eventId);
    if (!peak || peak.minute !== minute) this.peaks.set(eventId, (peak = { minute, peak: zero(), flushed: zero() }));
    for (const role of ROLES) peak.peak[role] = Math.max(peak.peak[role], counts[role]);
  }

  /** The event was reset or deleted: what this node holds of it is dropped; `deleted`: and ignored a while. */
  forget(eventId: string, deleted: boolean): void {
    this.pending.delete(eventId);
    this.seen.delete(eventId);
    this.peaks.delete(eventId);
    this.folded.delete(eventId);
    if (deleted) this.gone.set(eventId, Date.now() + 10 * MINUTE_MS);
  }

  /** Writes what was counted since the last flush (one at a time); exposed for tests and shutdown. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private minuteOf(eventId: string, minute: number): { counts: Record<CountName, number>; active: Set<string> } {
    let pending = this.pending.get(eventId);
    if (!pending) this.pending.set(eventId, (pending = { minutes: new Map() }));
    let entry = pending.minutes.get(minute);
    if (!entry) pending.minutes.set(minute, (entry = { counts: zeroCounts(), active: new Set<string>() }));
    return entry;
  }

  private async flushOnce(): Promise<void> {
    const now = Date.now();
    const minute = minuteOf(now);
    for (const [eventId, until] of this.gone) if (until < now) this.gone.delete(eventId);
    for (const [eventId, seen] of this.seen) if (seen.minute !== minute) this.seen.delete(eventId);
    const local = new Set(this.presence.eventIds());
    for (const eventId of local) this.connected(eventId, this.presence.counts(eventId));
    const taken = this.pending;
    this.pending = new Map<string, Pending>();
    const events = [...new Set([...taken.keys(), ...this.peaks.keys()])].filter((e) => !this.gone.has(e));
    await Promise.all(events.map((eventId) => this.write(eventId, taken.get(eventId), now)));
    // An event without sockets here keeps no peak once its minute is over and written.
    for (const [eventId, peak] of this.peaks) {
      if (!local.has(eventId) && peak.minute < minute && ROLES.every((r) => peak.flushed[r] === peak.peak[r]))
        this.peaks.delete(eventId);
    }
  }

  private async write(eventId: string, pending: Pending | undefined, now: number): Promise<void> {
    const deltas = new Map<number, MinuteDelta>();
    for (const [minute, { counts, active }] of pending?.minutes ?? []) {
      deltas.set(minute, {
        minute,
        counts: Object.fromEntries(COUNT_NAMES.filter((n) => counts[n] > 0).map((n) => [n, counts[n]])),
        connected: {},
        active: [...active].map((id) => personDigest(this.config.authSecret, eventId, id)),
      });
    }
    const peak = this.peaks.get(eventId);
    const wasFlushed = peak?.flushed;
    if (peak) {
      const rise: Partial<Record<Role, number>> = {};
      for (const role of ROLES) {
        if (peak.peak[role] > peak.flushed[role]) rise[role] = peak.peak[role] - peak.flushed[role];
      }
      if (Object.keys(rise).length > 0) {
        peak.flushed = { ...peak.peak };
        const same = deltas.get(peak.minute);
        if (same) same.connected = rise;
        else deltas.set(peak.minute, { minute: peak.minute, counts: {}, connected: rise, active: [] });
      }
    }
    if (deltas.size === 0) return;
    try {
      await this.store.add(eventId, [...deltas.values()]);
      await this.foldOld(eventId, [...deltas.values()], now);
      if (this.failing) this.logger.log('Figures are written again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn(`Figures not written: ${(err as Error).message}`);
      this.failing = true;
      // Tried again with the next flush, unless the event went meanwhile.
      if (this.gone.has(eventId)) return;
      for (const [minute, { counts, active }] of pending?.minutes ?? []) {
        const entry = this.minuteOf(eventId, minute);
        for (const name of COUNT_NAMES) entry.counts[name] += counts[name];
        for (const id of active) entry.active.add(id);
      }
      if (peak && wasFlushed && this.peaks.get(eventId) === peak) peak.flushed = wasFlushed;
    }
  }

  /** Once a minute per event this node wrote people active for: older minutes' sets become counts. */
  private async foldOld(eventId: string, written: MinuteDelta[], now: number): Promise<void> {
    if (written.some((d) => d.active.length > 0) && !this.folded.has(eventId)) this.folded.set(eventId, 0);
    const last = this.folded.get(eventId);
    const before = minuteOf(now - FOLD_AFTER_MS) + MINUTE_MS;
    if (last === undefined || last === before) return;
    await this.store.fold(eventId, before);
    this.folded.set(eventId, before);
  }
}
