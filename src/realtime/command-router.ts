import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Identity, Role } from '../auth/identity.js';
import { ROLES_KEY } from '../auth/roles.js';
import { AppError, toAppError, type Ack } from '../common/errors.js';
import { CommandLimits } from '../limits/command-limits.js';
import { FigureRecorder } from '../ops/figure-recorder.js';
import type { CommandFigure } from '../ops/figure.types.js';
import { Metrics } from '../ops/metrics.js';
import { COMMAND_KEY, COMMAND_OPTIONS_KEY, type CommandMethod, type CommandOptions } from './command.js';
import { knowCommand } from './commands.js';
import { validateDto } from './dto-validation.pipe.js';
import { readEventsDirectly, writeAck, type DirectListener } from './direct-events.js';
import { InFlight } from './in-flight.js';
import type { AppSocket } from './protocol.js';

type AckFn = (answer: Ack<unknown>) => void;
type AckConn = Parameters<typeof writeAck>[0];

/** The payload as Nest handed it on: none, the one argument, or several as an array (`args[from..to)`). */
function payloadOf(args: unknown[], from: number, to: number): unknown {
  const given = to - from;
  return given === 0 ? undefined : given === 1 ? args[from] : args.slice(from, to);
}

interface Route {
  readonly run: CommandMethod;
  readonly roles: readonly Role[] | undefined;
  /** The payload's DTO class; null: the command reads no payload. */
  readonly dto: (new () => object) | null;
  /** Counted in the event's figures after an ok ack. */
  readonly figure: CommandFigure | null;
  /** Makes an audience member active in the event's figures. */
  readonly active: boolean;
}

/** A check of every command's identity before its handler (an erased person's token, say); true: refused. */
export type IdentityCheck = (identity: Identity) => boolean;

const UNKNOWN: Ack<never> = { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown command' } };
const UNAUTHENTICATED: Ack<never> = { ok: false, error: { code: 'UNAUTHORIZED', message: 'Not authenticated' } };
const REVOKED: Ack<never> = { ok: false, error: { code: 'UNAUTHORIZED', message: 'This token is no longer valid' } };

/** Answers through Socket.IO's ack, or writes the ack packet itself (a packet read directly). */
function reply(ack: AckFn | null, conn: AckConn | null, ackId: number, answer: Ack<unknown>): void {
  if (ack) ack(answer);
  else if (conn) writeAck(conn, ackId, answer);
}

/**
 * A command between its packet and its ack, in one object: in a burst on Redis thousands wait at
 * once, and each closure they held was more for the collector to copy.
 */
interface Call {
  readonly name: string;
  /** Socket.IO's ack function (packets Socket.IO read), or null. */
  readonly ack: AckFn | null;
  /** Packets read directly (./direct-events.ts) with an ack id: the connection the ack is written to. */
  readonly conn: AckConn | null;
  readonly ackId: number;
  /** performance.now() at the packet's arrival (commands with an ack). */
  readonly started: number;
  readonly figure: CommandFigure | null;
  readonly eventId: string;
}

/**
 * Every socket command, from its packet to its ack, in one function: metrics, the shutdown and the
 * per-person limits, the role of `@Roles`, the DTO's validation, the handler, the error ack. It
 * does what Nest's gateway pipeline did for commands (guard, pipe, filter) with the same checks
 * and the same answers, but builds no per-call context and binds nothing per socket: each socket
 * holds this one shared listener. Handlers are the `@Command` methods of any provider.
 */
@Injectable()
export class CommandRouter implements OnApplicationBootstrap {
  private readonly logger = new Logger('Commands');
  private readonly routes = new Map<string, Route>();
  private readonly checks: IdentityCheck[] = [];
  /** Installed on every socket: Socket.IO calls it with the socket as `this`. */
  readonly listener: (this: AppSocket, name: string, ...args: unknown[]) => void;
  /** Every socket's packets read directly (one function for all: a socket holds nothing more). */
  private readonly direct: DirectListener = (socket, { id, data }, conn) => {
    this.dispatch(socket, data[0], payloadOf(data, 1, data.length), null, id >= 0 ? conn : null, id);
  };

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly inFlight: InFlight,
    private readonly limits: CommandLimits,
    private readonly metrics: Metrics,
    private readonly figures: FigureRecorder,
  ) {
    const dispatch = this.dispatch.bind(this);
    this.listener = function (this: AppSocket, name: string, ...args: unknown[]): void {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as AckFn) : null;
      dispatch(this, name, payloadOf(args, 0, ack ? args.length - 1 : args.length), ack, null, -1);
    };
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(proto)) this.route(instance, proto, method);
    }
  }

  /** A check every command's identity passes (synchronous: it runs on every packet). */
  refuseWhen(check: IdentityCheck): void {
    this.checks.push(check);
  }

  /**
   * Every socket, at its connection: its event packets read directly, and one listener shared by
   * all (Socket.IO's catch-all) for those Socket.IO reads itself (see ./direct-events.ts).
   */
  attach(socket: AppSocket): void {
    socket.onAny(this.listener);
    readEventsDirectly(socket, this.direct);
  }

  private route(instance: object, proto: Record<string, unknown>, method: string): void {
    const handler = proto[method];
    if (typeof handler !== 'function') return;
    const name = this.reflector.get<string | undefined>(COMMAND_KEY, handler);
    if (name === undefined) return;
    if (this.routes.has(name)) throw new Error(`Two handlers for the command ${name}`);
    const types = (Reflect.getMetadata('design:paramtypes', proto, method) ?? []) as unknown[];
    const dto = types[1];
    const options = this.reflector.get<CommandOptions | undefined>(COMMAND_OPTIONS_KEY, handler) ?? {};
    this.routes.set(name, {
      run: (handler as CommandMethod).bind(instance),
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, instance.constructor]),
      dto: typeof dto === 'function' && dto !== Object ? (dto as new () => object) : null,
      figure: options.figure ?? null,
      active: options.active ?? true,
    });
    knowCommand(name);
  }

  private dispatch(
    socket: AppSocket,
    name: string,
    payload: unknown,
    ack: AckFn | null,
    conn: AckConn | null,
    ackId: number,
  ): void {
    const acked = ack !== null || conn !== null;
    const route = this.routes.get(name);
    // Set at the handshake (EventsGateway); a socket never gets here without it.
    const identity = (socket.data as Partial<AppSocket['data']>).identity;
    if (!acked) this.metrics.command(name, 'no_ack');
    if (!route) {
      if (acked) {
        this.metrics.command(name, 'NOT_FOUND');
        reply(ack, conn, ackId, UNKNOWN);
      }
      // Counted against the person's budget all the same: a flood of nonsense is still a flood.
      if (identity) this.limits.refuse(socket, name);
      return;
    }
    const started = acked ? performance.now() : 0;
    const call: Call = { name, ack, conn, ackId, started, figure: route.figure, eventId: identity?.eventId ?? '' };
    if (!identity) return this.answer(call, UNAUTHENTICATED);
    if (this.revoked(identity)) {
      this.answer(call, REVOKED);
      socket.disconnect(true);
      return;
    }
    const refused = this.limits.refuse(socket, name) ?? this.inFlight.admit();
    if (refused) return this.answer(call, refused);
    if (route.active && identity.role === 'audience') this.figures.active(identity.eventId, identity.id, socket.data);
    let result: unknown;
    try {
      result = this.run(route, identity, socket, payload);
    } catch (err) {
      return this.settle(call, this.failure(err));
    }
    if (result instanceof Promise) {
      result.then(
        (answer: Ack<unknown>) => this.settle(call, answer),
        (err: unknown) => this.settle(call, this.failure(err)),
      );
    } else {
      this.settle(call, result as Ack<unknown>);
    }
  }

  /** An identity check (`refuseWhen`) refuses this identity. */
  private revoked(identity: Identity): boolean {
    for (const check of this.checks) if (check(identity)) return true;
    return false;
  }

  /** An admitted command is answered: it leaves the in-flight count, counts in the figures if ok. */
  private settle(call: Call, answer: Ack<unknown>): void {
    this.inFlight.leave();
    if (call.figure && answer.ok) this.figures.count(call.eventId, call.figure);
    this.answer(call, answer);
  }

  private run(route: Route, identity: Identity, socket: AppSocket, payload: unknown): unknown {
    if (route.roles && !route.roles.includes(identity.role)) {
      throw new AppError('FORBIDDEN', `This is not allowed for the ${identity.role} role`);
    }
    return route.run(identity, route.dto ? validateDto(route.dto, payload) : payload, socket);
  }

  private failure(err: unknown): Ack<never> {
    const { error, internal } = toAppError(err);
    if (internal) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { ok: false, error: error.toBody() };
  }

  /** The ack, counted and timed from the packet's arrival (a command sent without one was counted then). */
  private answer(call: Call, answer: Ack<unknown>): void {
    if (!call.ack && !call.conn) return;
    const outcome = answer.ok ? 'ok' : answer.error.code;
    this.metrics.command(call.name, outcome, (performance.now() - call.started) / 1000);
    reply(call.ack, call.conn, call.ackId, answer);
  }
}
