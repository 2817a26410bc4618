import { Injectable } from '@nestjs/common';
import { ROLES, type Role } from '../auth/identity.js';

export type RoleCounts = Record<Role, number>;

/** Who is connected to this node, per event and role. */
@Injectable()
export class Presence {
  private readonly events = new Map<string, RoleCounts>();

  join(eventId: string, role: Role): void {
    let counts = this.events.get(eventId);
    if (!counts) this.events.set(eventId, (counts = { audience: 0, operator: 0, screen: 0 }));
    counts[role] += 1;
  }

  leave(eventId: string, role: Role): void {
    const counts = this.events.get(eventId);
    if (!counts) return;
    counts[role] = Math.max(0, counts[role] - 1);
    if (ROLES.every((r) => counts[r] === 0)) this.events.delete(eventId);
  }

  eventIds(): string[] {
    return [...this.events.keys()];
  }

  counts(eventId: string): RoleCounts {
    return { audience: 0, operator: 0, screen: 0, ...this.events.get(eventId) };
  }

  /** Every event's connections on this node, per role (/metrics: the same numbers as the figures). */
  totals(): RoleCounts {
    const totals: RoleCounts = { audience: 0, operator: 0, screen: 0 };
    for (const counts of this.events.values()) for (const role of ROLES) totals[role] += counts[role];
    return totals;
  }
}
