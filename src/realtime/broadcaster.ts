import { Injectable, Optional } from '@nestjs/common';
import { ROLES, type Role } from '../auth/identity.js';
import { Metrics } from '../ops/metrics.js';
import { eventRoom, personRoom, roleRoom, type AppServer, type RoleViews, type ServerEvents } from './protocol.js';

type Payload<E extends keyof ServerEvents> = Parameters<ServerEvents[E]>[0];
export type SeqEvent =
  'poll:updated' | 'stage:cue' | 'qa:question' | 'qa:removed' | 'qa:settings' | 'crash:board' | 'screen:scene';
/** One role's message for a change of state. */
export type SeqMessage = { [E in SeqEvent]: { event: E; payload: Payload<E> } }[SeqEvent];
type CounterEvent = 'poll:tally' | 'reaction:burst' | 'qa:upvotes' | 'crash:predictors' | 'ops:figures';

/** The one place that emits: once per room, never per socket (DESIGN principle 6). */
@Injectable()
export class Broadcaster {
  private server: AppServer | null = null;

  constructor(@Optional() private readonly metrics?: Metrics) {}

  attach(server: AppServer): void {
    this.server = server;
  }

  /**
   * A change of state that raised the event's seq to `seq`. Crosses nodes (through the adapter). A
   * role whose view is null gets only `state:seq`, so its seq stays gapless without seeing the
   * change. Roles given the same message object share one emit to the event's room.
   */
  change(eventId: string, seq: number, views: RoleViews<SeqMessage>): void {
    const server = this.server;
    if (!server) return;
    const started = performance.now();
    const first = views.audience;
    if (first !== null && ROLES.every((r) => views[r] === first)) {
      this.emit(server.to(eventRoom(eventId)), first.event, first.payload);
    } else {
      for (const role of ROLES) {
        const view = views[role];
        const to = server.to(roleRoom(eventId, role));
        if (view === null) to.emit('state:seq', { seq });
        else this.emit(to, view.event, view.payload);
      }
    }
    this.metrics?.broadcast('change', started);
  }

  /** The same message to every role. */
  everyone(eventId: string, seq: number, message: SeqMessage): void {
    this.change(eventId, seq, { audience: message, operator: message, screen: message });
  }

  /** To one audience member's own sockets, on every node (their own questions, say). */
  toPerson<E extends 'qa:mine'>(eventId: string, personId: string, event: E, payload: Payload<E>): void {
    if (!this.server) return;
    const started = performance.now();
    this.emit(this.server.to(personRoom(eventId, personId)), event, payload);
    this.metrics?.broadcast('change', started);
  }

  /** Counter values, to this node's sockets only: every node's ticker sends its own. */
  local<E extends CounterEvent>(eventId: string, roles: readonly Role[] | 'all', event: E, payload: Payload<E>): void {
    const server = this.server;
    if (!server) return;
    const started = performance.now();
    const rooms = roles === 'all' ? eventRoom(eventId) : roles.map((r) => roleRoom(eventId, r));
    this.emit(server.local.to(rooms), event, payload);
    this.metrics?.broadcast('counter', started);
  }

  /** Every socket of this node, one emit: the node is shutting down (see ShutdownService). */
  draining(reconnectWithinMs: number): void {
    if (this.server) this.emit(this.server.local, 'server:draining', { reconnectWithinMs });
  }

  // The public methods type-check event and payload; socket.io's generic emit cannot follow E.
  private emit<E extends keyof ServerEvents>(to: { emit: unknown }, event: E, payload: Payload<E>): void {
    (to.emit as (this: unknown, event: E, payload: Payload<E>) => boolean).call(to, event, payload);
  }
}
