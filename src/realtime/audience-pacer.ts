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
 */
export class AudiencePacer {
  private readonly held = new Map<string, Map<string, CounterMessage>>();
  private readonly nextTurn = new Map<string, number>();
  /** Events in a tick, and whether it is their audience's turn; outside a tick, always. */
  private readonly turn = new Map<string, boolean>();

  constructor(private readonly intervalMs: number) {}

  /** Before a tick's counters of an event. */
  begin(eventId: string, now: number): void {
    this.turn.set(eventId, now >= (this.nextTurn.get(eventId) ?? 0));
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
