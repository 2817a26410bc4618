/** The calls of one key and turn so far, and the one answer they all wait for. */
interface Batch<T, R> {
  items: T[];
  answer: Promise<R>;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

function batchOf<T, R>(): Batch<T, R> {
  let resolve!: (result: R) => void;
  let reject!: (err: unknown) => void;
  const answer = new Promise<R>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { items: [], answer, resolve, reject };
}

/**
 * The least time between two batches of a key on the paths a crowd's arrival takes (people joining,
 * snapshots reading the clock): under a crowd each batch then carries more calls and a node makes
 * fewer Redis round trips (half as many at 800 joins/s); a call that finds its key idle that long
 * goes at the end of its turn as before. A call waits at most this much longer.
 */
export const CROWD_SPACING_MS = 10;

/** A serial key: its batches at the store, when its last one was sent, the timer of its next. */
interface SerialKey {
  inFlight: number;
  sentAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Gathers the calls of one turn of the event loop by key and runs each key's calls as one
 * (`run` answers once for the whole batch). In a vote storm the votes a node reads from its
 * sockets in one turn then cost one Redis script, not one each. Calls of one key run in the order
 * they came; a batch is sent at the end of the turn (`serial`: or when the key's last batch has
 * answered and `spacingMs` after it was sent, if later), or at once when it reaches `max` items.
 * Every call of a batch gets the batch's one promise: a call waiting on Redis keeps its item alive
 * and nothing more (in a burst, thousands wait at once, and what they keep the collector copies).
 */
export class TurnBatch<T, R> {
  private readonly waiting = new Map<string, Batch<T, R>>();
  /** Serial batches only: the keys with a batch at the store or sent less than `spacingMs` ago. */
  private readonly serialKeys = new Map<string, SerialKey>();
  private scheduled = false;

  constructor(
    /** One batch: its items in arrival order, and the key they were added under. */
    private readonly run: (items: T[], key: string) => Promise<R>,
    private readonly max: number,
    /**
     * A key's next batch waits for the answer to its last one (unless it fills up): the calls
     * that come while a batch is at Redis go together when it answers, so under load the batches
     * grow with Redis' round trip and a node sends fewer of them (each costs it a socket write
     * and a reply to read). A call then waits up to one round trip more.
     */
    private readonly serial = false,
    /** Serial only: a key's next batch also waits until this long after its last one was sent. */
    private readonly spacingMs = 0,
  ) {}

  add(key: string, item: T): Promise<R> {
    return this.batchFor(key, item).answer;
  }

  /** As `add`, with the item's place in its batch (from 0), for answers that hold a result per item. */
  place(key: string, item: T): { answer: Promise<R>; index: number } {
    const batch = this.batchFor(key, item);
    // Sent at `max`: the batch may have left `waiting` already, its items stay as they were.
    return { answer: batch.answer, index: batch.items.length - 1 };
  }

  private batchFor(key: string, item: T): Batch<T, R> {
    let batch = this.waiting.get(key);
    if (!batch) this.waiting.set(key, (batch = batchOf<T, R>()));
    batch.items.push(item);
    if (batch.items.length >= this.max) {
      this.waiting.delete(key);
      this.send(key, batch);
    } else {
      this.schedule();
    }
    return batch;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    for (const [key, batch] of this.waiting) {
      // Sent when the one at Redis answers (see `serial`), or by the key's timer (`spacingMs`).
      const state = this.serialKeys.get(key);
      if (state) {
        if (state.inFlight > 0 || state.timer) continue;
        const early = state.sentAt + this.spacingMs - performance.now();
        if (early > 0) {
          state.timer = setTimeout(() => {
            state.timer = null;
            this.flush();
          }, early);
          continue;
        }
      }
      this.waiting.delete(key);
      this.send(key, batch);
    }
  }

  private send(key: string, batch: Batch<T, R>): void {
    let answer: Promise<R>;
    try {
      answer = this.run(batch.items, key);
    } catch (err) {
      // A run that throws before its first await fails its batch, not the timer that sent it.
      batch.reject(err);
      return;
    }
    answer.then(batch.resolve, batch.reject);
    if (!this.serial) return;
    let state = this.serialKeys.get(key);
    if (!state) this.serialKeys.set(key, (state = { inFlight: 0, sentAt: 0, timer: null }));
    state.inFlight += 1;
    state.sentAt = performance.now();
    const answered = (): void => {
      if (--state.inFlight > 0) return;
      if (this.waiting.has(key)) this.schedule();
      // Nothing waits and the spacing is over: the key is forgotten (its timer runs only while calls wait).
      else if (performance.now() - state.sentAt >= this.spacingMs) this.serialKeys.delete(key);
    };
    answer.then(answered, answered);
  }
}
