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
 * Gathers the calls of one turn of the event loop by key and runs each key's calls as one
 * (`run` answers once for the whole batch). In a vote storm the votes a node reads from its
 * sockets in one turn then cost one Redis script, not one each. Calls of one key run in the order
 * they came; a batch is sent at the end of the turn, or at once when it reaches `max` items.
 * Every call of a batch gets the batch's one promise: a call waiting on Redis keeps its item alive
 * and nothing more (in a burst, thousands wait at once, and what they keep the collector copies).
 */
export class TurnBatch<T, R> {
  private readonly waiting = new Map<string, Batch<T, R>>();
  private scheduled = false;

  constructor(
    /** One batch: its items in arrival order, and the key they were added under. */
    private readonly run: (items: T[], key: string) => Promise<R>,
    private readonly max: number,
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
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return batch;
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.waiting];
    this.waiting.clear();
    for (const [key, batch] of batches) this.send(key, batch);
  }

  private send(key: string, batch: Batch<T, R>): void {
    try {
      this.run(batch.items, key).then(batch.resolve, batch.reject);
    } catch (err) {
      // A run that throws before its first await fails its batch, not the timer that sent it.
      batch.reject(err);
    }
  }
}
