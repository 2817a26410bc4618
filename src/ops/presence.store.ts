import type { RoleCounts } from '../realtime/presence.js';

export const PRESENCE_STORE = Symbol('PresenceStore');

/** Each node's connection counts per event, so any node can tell the whole cluster's. */
export interface PresenceStore {
  /** Records this node's counts at `at` and answers the sum over nodes that reported since `since`. */
  report(
    eventId: string,
    nodeId: string,
    counts: RoleCounts,
    at: number,
    since: number,
  ): Promise<{ nodes: number; counts: RoleCounts }>;
  /** This node leaves (shutdown). */
  forget(eventId: string, nodeId: string): Promise<void>;
}

export interface NodeReport {
  counts: RoleCounts;
  at: number;
}

/** Sums the fresh reports; returns the node ids of stale ones, to be dropped. */
export function sumReports(
  reports: Record<string, NodeReport>,
  since: number,
): { nodes: number; counts: RoleCounts; stale: string[] } {
  const counts: RoleCounts = { audience: 0, operator: 0, screen: 0 };
  let nodes = 0;
  const stale: string[] = [];
  for (const [node, report] of Object.entries(reports)) {
    if (report.at < since) {
      stale.push(node);
      continue;
    }
    nodes += 1;
    counts.audience += report.counts.audience;
    counts.operator += report.counts.operator;
    counts.screen += report.counts.screen;
  }
  return { nodes, counts, stale };
}
