interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the calls of one turn of the event loop by key and runs each key's calls as one
 * (`run` answers once for the whole batch). In a vote storm the votes a node reads from its
 * sockets in one turn then cost one Redis script, not one each. Calls of one key run in the order
 * they came; a batch is sent at the end of the turn, or at once when it reaches `max` items.
 */
export class TurnBatch<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  private scheduled = false;

  constructor(
    /** One batch: its items in arrival order, and the key they were added under. */
    private readonly run: (items: T[], key: string) => Promise<R>,
    private readonly max: number,
  ) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let batch = this.waiting.get(key);
      if (!batch) this.waiting.set(key, (batch = []));
      batch.push({ item, resolve, reject });
      if (batch.length >= this.max) {
        this.waiting.delete(key);
        this.send(key, batch);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.waiting];
    this.waiting.clear();
    for (const [key, batch] of batches) this.send(key, batch);
  }

  private send(key: string, batch: Waiting<T, R>[]): void {
    this.run(
      batch.map((w) => w.item),
      key,
    ).then(
      (result) => batch.forEach((w) => w.resolve(result)),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  }
}
