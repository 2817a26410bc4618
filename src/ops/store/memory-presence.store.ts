import type { RoleCounts } from '../../realtime/presence.js';
import { sumReports, type NodeReport, type PresenceStore } from '../presence.store.js';

export class MemoryPresenceStore implements PresenceStore {
  private readonly events = new Map<string, Record<string, NodeReport>>();

  report(
    eventId: string,
    nodeId: string,
    counts: RoleCounts,
    at: number,
    since: number,
  ): Promise<{ nodes: number; counts: RoleCounts }> {
    const reports = this.events.get(eventId) ?? {};
    reports[nodeId] = { counts: { ...counts }, at };
    this.events.set(eventId, reports);
    const { nodes, counts: total, stale } = sumReports(reports, since);
    for (const node of stale) delete reports[node];
    return Promise.resolve({ nodes, counts: total });
  }

  forget(eventId: string, nodeId: string): Promise<void> {
    delete this.events.get(eventId)?.[nodeId];
    return Promise.resolve();
  }
}
