import { evKey } from '../../redis/keys.js';
import type { RedisConnection } from '../../redis/redis-connection.js';
import type { RevocationStore } from '../revocation.store.js';

const revokedKey = (eventId: string): string => evKey(eventId, 'revoked');

export class RedisRevocationStore implements RevocationStore {
  constructor(private readonly redis: RedisConnection) {}

  async revoke(eventId: string, digest: string): Promise<void> {
    // Acked once stored (and replicated, with REDIS_MIN_REPLICAS): a refusal must survive a failover.
    await this.redis.write(revokedKey(eventId), (p) => p.sadd(revokedKey(eventId), digest));
  }

  list(eventId: string): Promise<string[]> {
    return this.redis.client.smembers(revokedKey(eventId));
  }

  async clear(eventId: string): Promise<void> {
    await this.redis.write(revokedKey(eventId), (p) => p.del(revokedKey(eventId)));
  }
}
