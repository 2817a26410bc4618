import { RedisEventStore } from '../../src/events/store/redis-event.store.js';
import { RedisPollStore } from '../../src/polls/store/redis-poll.store.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisStageStore } from '../../src/stage/store/redis-stage.store.js';
import { connectRedis, errorCodeOf, freshEventId, privateRedisCluster } from './contract-support.js';
import { effect, poll } from './poll-fixtures.js';

// PROTOCOL section 2: an ok ack survives the loss of any one machine. On a cluster a write is acked
// only once REDIS_MIN_REPLICAS replicas hold it (WAIT); none within the timeout is UNAVAILABLE.
const cluster = privateRedisCluster();

describe('Durable acks on a Redis Cluster (REDIS_MIN_REPLICAS=1)', () => {
  let durable: RedisConnection;
  let relaxed: RedisConnection;
  beforeAll(async () => {
    const target = { cluster: cluster().startupNodes, natMap: undefined };
    durable = await connectRedis(target, 'durable', 1);
    relaxed = await connectRedis(target, 'relaxed', 0);
  });
  afterAll(async () => {
    await durable.onModuleDestroy();
    await relaxed.onModuleDestroy();
  });

  it('answers UNAVAILABLE, never ok, while the primary of the event has no replica; ok again once it has', async () => {
    const ev = freshEventId('durable');
    const polls = new RedisPollStore(durable);
    const p = poll('p1');
    await polls.create(ev, p);
    await polls.change(ev, 'p1', 'open', 100);
    expect(await polls.vote(ev, 'p1', 'u1', effect(p, { optionIds: ['a'] }))).toBe('ok');

    const primary = await cluster().primaryFor(`{ev:${ev}}:seq`);
    const replica = await cluster().replicaOf(primary);
    await cluster().kill(replica);
    try {
      // A read sent while a write waits for its replica is answered first: Redis holds a client's
      // later commands behind its WAIT, so the waiting writes have a connection of their own.
      const settled: string[] = [];
      const waiting = errorCodeOf(polls.vote(ev, 'p1', 'u2', effect(p, { optionIds: ['b'] }))).then((code) => {
        settled.push('write');
        return code;
      });
      const read = polls.get(ev, 'p1').then((poll) => {
        settled.push('read');
        return poll?.status;
      });
      expect(await Promise.all([waiting, read])).toEqual(['UNAVAILABLE', 'open']);
      expect(settled).toEqual(['read', 'write']);
      const codes = [
        await errorCodeOf(polls.vote(ev, 'p1', 'u2', effect(p, { optionIds: ['b'] }))),
        await errorCodeOf(polls.change(ev, 'p1', 'reveal', 200)),
        await errorCodeOf(
          new RedisStageStore(durable).setCue(ev, { id: 'c1', kind: 'announcement', title: 'x', at: 1 }),
        ),
        await errorCodeOf(
          new RedisEventStore(durable).addPerson(ev, { id: 'u3', name: 'C', country: 'FR', koc: false }),
        ),
      ];
      expect(codes).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
      // The same write without the replica rule is stored and acked: the refusal above is WAIT's.
      expect(await new RedisPollStore(relaxed).vote(ev, 'p1', 'u4', effect(p, { optionIds: ['c'] }))).toBe('ok');
    } finally {
      await cluster().restart(replica);
    }

    // The refused vote is sent again, as a client does, until it is acked: then it counts once.
    let outcome = 'none';
    for (let i = 0; i < 50 && outcome !== 'ok'; i++) {
      outcome = await polls.vote(ev, 'p1', 'u2', effect(p, { optionIds: ['b'] })).catch(() => 'failed');
      if (outcome !== 'ok') await new Promise((r) => setTimeout(r, 100));
    }
    expect(outcome).toBe('ok');
    expect((await polls.tally(ev, p, 50)).counts).toEqual({ a: 1, b: 1, c: 1 });
  }, 90_000);
});
