import { Injectable } from '@nestjs/common';
import { ROLES, type Role } from '../auth/identity.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../ops/metrics.js';
import { AudiencePacer, LoopLoad, type CounterMessage } from './audience-pacer.js';
import {
  eventRoom,
  personRoom,
  roleRoom,
  type AppServer,
  type CoreServerEvents,
  type Message,
  type Payload,
  type RoleViews,
} from './protocol.js';

/** One role's message for a change of state, of any feature (each types its own: see `typed`). */
export type SeqMessage = { event: string; payload: { seq: number } };
/** How the audience's pacing keeps a counter: by `key` (default: the event), merged by `merge`. */
export type Pacing<P> = Partial<Pick<CounterMessage<P>, 'key' | 'merge'>>;

/** The Broadcaster as a feature sees it: only the events of its own map `M`, type-checked. */
export interface TypedBroadcaster<M> {
  change(eventId: string, seq: number, views: RoleViews<Message<M>>): void;
  everyone(eventId: string, seq: number, message: Message<M>): void;
  toPerson<E extends keyof M & string>(eventId: string, personId: string, event: E, payload: Payload<M, E>): void;
  local<E extends keyof M & string>(
    eventId: string,
    roles: readonly Role[] | 'all',
    event: E,
    payload: Payload<M, E>,
    pacing?: Pacing<Payload<M, E>>,
  ): void;
}

/** The one place that emits: once per room, never per socket (DESIGN principle 6). */
@Injectable()
export class Broadcaster {
  private server: AppServer | null = null;
  /** Driven by the CounterTicker. */
  private readonly audience: AudiencePacer;
  private readonly load: LoopLoad;

  constructor(
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    this.audience = new AudiencePacer(config.AUDIENCE_INTERVAL_MS);
    this.load = new LoopLoad(config.TALLY_INTERVAL_MS);
  }

  attach(server: AppServer): void {
    this.server = server;
  }

  /** This broadcaster, typed by a feature's map of events. */
  typed<M>(): TypedBroadcaster<M> {
    return this as unknown as TypedBroadcaster<M>;
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
        if (view === null) this.emit(to, 'state:seq', { seq } satisfies Payload<CoreServerEvents, 'state:seq'>);
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
  toPerson(eventId: string, personId: string, event: string, payload: unknown): void {
    if (!this.server) return;
    const started = performance.now();
    this.emit(this.server.to(personRoom(eventId, personId)), event, payload);
    this.metrics.broadcast('change', started);
  }

  /**
   * Counter values, to this node's sockets only: every node's ticker sends its own. What is for the
   * audience (all, or roles that include it) reaches it at its own pace (AudiencePacer), the other
   * roles at once.
   */
  local(
    eventId: string,
    roles: readonly Role[] | 'all',
    event: string,
    payload: unknown,
    pacing?: Pacing<unknown>,
  ): void {
    const server = this.server;
    if (!server) return;
    const started = performance.now();
    if (roles === 'all' || roles.includes('audience')) {
      const others = ROLES.filter((r) => r !== 'audience' && (roles === 'all' || roles.includes(r)));
      const message: CounterMessage = { event, payload, key: pacing?.key ?? event, merge: pacing?.merge };
      const forAudience = this.audience.take(eventId, message);
      if (forAudience === message) {
        const to =
          roles === 'all' ? eventRoom(eventId) : [...others, 'audience' as const].map((r) => roleRoom(eventId, r));
        this.emit(server.local.to(to), event, payload);
      } else {
        if (others.length > 0) this.emit(server.local.to(others.map((r) => roleRoom(eventId, r))), event, payload);
        if (forAudience) this.toAudience(server, eventId, forAudience);
      }
    } else {
      this.emit(server.local.to(roles.map((r) => roleRoom(eventId, r))), event, payload);
    }
    this.metrics.broadcast('counter', started);
  }

  /** Before one tick's counters of an event (CounterTicker): is it the audience's turn? */
  tickStarted(eventId: string): void {
    const now = Date.now();
    this.audience.begin(eventId, now, this.load.busy(now));
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
    const payload: Payload<CoreServerEvents, 'server:draining'> = { reconnectWithinMs };
    if (this.server) this.emit(this.server.local, 'server:draining', payload);
  }

  // Features type event and payload through `typed`; socket.io's generic emit cannot follow them.
  private emit(to: { emit: unknown }, event: string, payload: unknown): void {
    (to.emit as (this: unknown, event: string, payload: unknown) => boolean).call(to, event, payload);
  }
}
