/** One key's bucket: tokens left when last seen, and when that was (ms). */
export interface Bucket {
  tokens: number;
  at: number;
  /** Forgotten by `sweep`: whoever still holds it asks `bucket` for the key's current one. */
  swept: boolean;
}

/**
 * Token buckets in process, one per key: `capacity` at once, refilled at `perSecond`. O(1) per
 * take, no I/O: the hot path's flood check costs a Map lookup. Keys whose bucket is full again are
 * forgotten by `sweep`, so the map holds only people who sent something recently.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {
    this.perMs = perSecond / 1000;
  }

  /** Takes one token: 0 when there was one, else the ms until there will be (nothing taken). */
  take(key: string, now = Date.now()): number {
    return this.takeFrom(this.bucket(key, now), now);
  }

  /** The key's bucket, to take from with `takeFrom` while it is not `swept`. */
  bucket(key: string, now = Date.now()): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: this.capacity, at: now, swept: false }));
    return bucket;
  }

  /** `take` on a bucket already found. */
  takeFrom(bucket: Bucket, now = Date.now()): number {
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs);
  }

  /** Forgets the buckets that have refilled: taking from them again starts full, as it would. */
  sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) {
        bucket.swept = true;
        this.buckets.delete(key);
      }
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
