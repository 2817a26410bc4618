import { performance } from 'node:perf_hooks';

/** Above this share of the time busy (event loop utilization), the node defers the audience's turn. */
export const BUSY_UTILIZATION = 0.5;
/** How long a due turn waits at most while the node is busy (one interval, if shorter). */
export const MAX_DEFER_MS = 1000;

/** The share of the time this process's event loop was busy since the previous call. */
export function loopUtilization(): () => number {
  let mark = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const used = performance.eventLoopUtilization(now, mark);
    mark = now;
    return used.utilization;
  };
}

/**
 * Whether the node's loop was mostly busy over the last window (at least `windowMs`): read once per
 * window, whatever the number of events ticking.
 */
export class LoopLoad {
  private readAt = -Infinity;
  private last = false;

  constructor(
    private readonly windowMs: number,
    private readonly utilization: () => number = loopUtilization(),
  ) {}

  busy(now: number): boolean {
    if (now - this.readAt < this.windowMs) return this.last;
    this.readAt = now;
    this.last = this.utilization() > BUSY_UTILIZATION;
    return this.last;
  }
}

/** A counter message to everyone, and how the audience's pacing may keep and merge it. */
export interface CounterMessage<P = unknown> {
  event: string;
  payload: P;
  /** What a newer message replaces or merges into: one per counter (the event, or a poll's tally). */
  key: string;
  /** How a held message and a newer one of the same key become one; none: the newer replaces it. */
  merge?: (older: P, newer: P) => P;
}

/** Two messages of the same counter as one: whole values replace, others merge as their owner says. */
function merge(older: CounterMessage, newer: CounterMessage): CounterMessage {
  return newer.merge ? { ...newer, payload: newer.merge(older.payload, newer.payload) } : newer;
}

/**
 * The audience's counters, paced: a tally to 10,000 phones costs over 100 ms of a core, and a phone
 * needs far fewer updates than a big screen. Between the audience's turns (AUDIENCE_INTERVAL_MS) the
 * ticker's messages go to operators and screens only and are kept here, merged, for the audience's
 * next turn. Counters are whole values (or windows that add up), so nothing is lost by waiting.
 * While the node is busy (a vote burst), a due turn waits up to one more interval (at most a second):
 * the people's own acks come before a refresh of what they see, which then comes once, after the burst.
 */
export class AudiencePacer {
  private readonly held = new Map<string, Map<string, CounterMessage>>();
  private readonly nextTurn = new Map<string, number>();
  /** Events in a tick, and whether it is their audience's turn; outside a tick, always. */
  private readonly turn = new Map<string, boolean>();

  constructor(private readonly intervalMs: number) {}

  /** Before a tick's counters of an event; `busy`: the node's loop was mostly taken since the last tick. */
  begin(eventId: string, now: number, busy = false): void {
    const due = this.nextTurn.get(eventId) ?? 0;
    this.turn.set(eventId, now >= due && (!busy || now >= due + Math.min(this.intervalMs, MAX_DEFER_MS)));
  }

  /**
   * A counter message for everyone: what the audience gets now (merged with what it was kept
   * from), or null while it waits for its turn.
   */
  take(eventId: string, message: CounterMessage): CounterMessage | null {
    const held = this.held.get(eventId);
    const older = held?.get(message.key);
    const merged = older ? merge(older, message) : message;
    if (this.turn.get(eventId) !== false) {
      held?.delete(message.key);
      return merged;
    }
    if (held) held.set(message.key, merged);
    else this.held.set(eventId, new Map([[message.key, merged]]));
    return null;
  }

  /** After the tick: if it was the audience's turn, what it was kept from and gets now. */
  end(eventId: string, now: number): CounterMessage[] {
    const turn = this.turn.get(eventId);
    this.turn.delete(eventId);
    if (!turn) return [];
    this.nextTurn.set(eventId, now + this.intervalMs);
    const held = this.held.get(eventId);
    this.held.delete(eventId);
    return held ? [...held.values()] : [];
  }

  /** The event has no socket on this node any more. */
  forget(eventId: string): void {
    this.held.delete(eventId);
    this.nextTurn.delete(eventId);
    this.turn.delete(eventId);
  }
}
