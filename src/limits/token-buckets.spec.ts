import { TokenBuckets } from './token-buckets.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then one per refill interval, and says how long to wait', () => {
    const buckets = new TokenBuckets(3, 10);
    const t = 1_000_000;
    expect([0, 1, 2].map(() => buckets.take('a', t))).toEqual([0, 0, 0]);
    expect(buckets.take('a', t)).toBe(100);
    expect(buckets.take('a', t + 50)).toBe(50);
    expect(buckets.take('a', t + 100)).toBe(0);
    expect(buckets.take('a', t + 100)).toBe(100);
    // Another key has its own bucket.
    expect(buckets.take('b', t + 100)).toBe(0);
  });

  it('never holds more than its capacity, however long the key was quiet', () => {
    const buckets = new TokenBuckets(2, 1);
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 3_600_000)).toBe(0);
    expect(buckets.take('a', 3_600_000)).toBe(0);
    expect(buckets.take('a', 3_600_000)).toBe(1000);
  });

  it('forgets only the buckets that are full again', () => {
    const buckets = new TokenBuckets(2, 1);
    buckets.take('quiet', 0);
    buckets.take('busy', 1000);
    buckets.take('busy', 1000);
    buckets.sweep(1500);
    expect(buckets.size).toBe(1);
    buckets.sweep(3000);
    expect(buckets.size).toBe(0);
  });

  it('takes from a bucket held by its caller as from its key, until a sweep forgets it', () => {
    const buckets = new TokenBuckets(2, 1);
    const held = buckets.bucket('a', 0);
    expect(buckets.takeFrom(held, 0)).toBe(0);
    // The key and the held bucket are one budget.
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.takeFrom(held, 0)).toBe(1000);
    buckets.sweep(5000);
    expect(held.swept).toBe(true);
    expect(buckets.size).toBe(0);
    // Asked again, the key has a new bucket (full, as the forgotten one would be).
    const again = buckets.bucket('a', 5000);
    expect(again).not.toBe(held);
    expect(again.swept).toBe(false);
    expect([0, 1, 2].map(() => buckets.takeFrom(again, 5000))).toEqual([0, 0, 1000]);
  });
});
