import { Injectable } from '@nestjs/common';
import { ROLES, type Role } from '../auth/identity.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../ops/metrics.js';
import { AudiencePacer, type CounterMessage } from './audience-pacer.js';
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
  /** Driven by the CounterTicker. */
  private readonly audience: AudiencePacer;

  constructor(
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    this.audience = new AudiencePacer(config.AUDIENCE_INTERVAL_MS);
  }

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
    this.metrics.broadcast('change', started);
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
    this.metrics.broadcast('change', started);
  }

  /**
   * Counter values, to this node's sockets only: every node's ticker sends its own. What is for
   * everyone reaches the audience at its own pace (AudiencePacer), operators and screens at once.
   */
  local<E extends CounterEvent>(
    eventId: string,
    roles: readonly Role[] | 'all',
    event: E,
    payload: Payload<E>,
    visible?: ReadonlySet<string>,
  ): void {
    const server = this.server;
    if (!server) return;
    const started = performance.now();
    if (roles === 'all') {
      const message = { event, payload, visible } as CounterMessage;
      const forAudience = this.audience.take(eventId, message);
      if (forAudience === message) {
        this.emit(server.local.to(eventRoom(eventId)), event, payload);
      } else {
        this.emit(server.local.to([roleRoom(eventId, 'operator'), roleRoom(eventId, 'screen')]), event, payload);
        if (forAudience) this.toAudience(server, eventId, forAudience);
      }
    } else {
      this.emit(server.local.to(roles.map((r) => roleRoom(eventId, r))), event, payload);
    }
    this.metrics.broadcast('counter', started);
  }

  /** Before one tick's counters of an event (CounterTicker): is it the audience's turn? */
  tickStarted(eventId: string): void {
    this.audience.begin(eventId, Date.now());
  }

  /** After them: on the audience's turn, the counters it was kept from. */
  tickEnded(eventId: string): void {
    const held = this.audience.end(eventId, Date.now());
    const server = this.server;
    if (!server || held.length === 0) return;
    const started = performance.now();
    for (const message of held) this.toAudience(server, eventId, message);
    this.metrics.broadcast('counter', started);
  }

  /** The event has no socket on this node any more. */
  forget(eventId: string): void {
    this.audience.forget(eventId);
  }

  private toAudience(server: AppServer, eventId: string, message: CounterMessage): void {
    this.emit(server.local.to(roleRoom(eventId, 'audience')), message.event, message.payload);
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
