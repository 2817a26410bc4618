import type { ServerEvents } from './protocol.js';

type Payload<E extends keyof ServerEvents> = Parameters<ServerEvents[E]>[0];
export type AudienceCounter = 'poll:tally' | 'reaction:burst' | 'qa:upvotes' | 'crash:predictors';
export type CounterMessage = { [E in AudienceCounter]: { event: E; payload: Payload<E> } }[AudienceCounter] & {
  /** qa:upvotes: the questions the audience can still see; held counts of the others are dropped. */
  visible?: ReadonlySet<string>;
};

/** Two messages of the same counter as one: whole values replace, upvote counts and bursts add up. */
function merge(older: CounterMessage, newer: CounterMessage): CounterMessage {
  if (newer.event === 'qa:upvotes' && older.event === 'qa:upvotes') {
    const kept = Object.entries(older.payload.counts).filter(([id]) => newer.visible?.has(id) ?? true);
    const counts = { ...Object.fromEntries(kept), ...newer.payload.counts };
    return { ...newer, payload: { ...newer.payload, counts } };
  }
  if (newer.event === 'reaction:burst' && older.event === 'reaction:burst') {
    const counts = { ...older.payload.counts };
    for (const [emoji, n] of Object.entries(newer.payload.counts)) counts[emoji] = (counts[emoji] ?? 0) + n;
    const windowMs = older.payload.windowMs + newer.payload.windowMs;
    return { event: newer.event, payload: { ...newer.payload, counts, windowMs } };
  }
  return newer;
}

function keyOf(message: CounterMessage): string {
  return message.event === 'poll:tally' ? `poll:tally:${message.payload.pollId}` : message.event;
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
    const key = keyOf(message);
    const older = held?.get(key);
    const merged = older ? merge(older, message) : message;
    if (this.turn.get(eventId) !== false) {
      held?.delete(key);
      return merged;
    }
    if (held) held.set(key, merged);
    else this.held.set(eventId, new Map([[key, merged]]));
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
