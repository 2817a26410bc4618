import { evKey } from '../../redis/keys.js';
import type { RedisConnection } from '../../redis/redis-connection.js';
import type { RoleCounts } from '../../realtime/presence.js';
import { sumReports, type NodeReport, type PresenceStore } from '../presence.store.js';

// {ev:X}:presence: hash node id -> NodeReport JSON; a node that stops reporting is dropped.
export const presenceKey = (e: string): string => evKey(e, 'presence');

export class RedisPresenceStore implements PresenceStore {
  constructor(private readonly redis: RedisConnection) {}

  async report(
    eventId: string,
    nodeId: string,
    counts: RoleCounts,
    at: number,
    since: number,
  ): Promise<{ nodes: number; counts: RoleCounts }> {
    const key = presenceKey(eventId);
    const [, raw] = await this.redis.atomically<[number, Record<string, string>]>((m) =>
      m.hset(key, nodeId, JSON.stringify({ counts, at })).hgetall(key),
    );
    const reports: Record<string, NodeReport> = {};
    for (const [node, json] of Object.entries(raw)) reports[node] = JSON.parse(json) as NodeReport;
    const { nodes, counts: total, stale } = sumReports(reports, since);
    if (stale.length > 0) await this.redis.client.hdel(key, ...stale);
    return { nodes, counts: total };
  }

  async forget(eventId: string, nodeId: string): Promise<void> {
    await this.redis.client.hdel(presenceKey(eventId), nodeId);
  }
}
