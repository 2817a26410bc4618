import { Inject, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Identity } from '../auth/identity.js';
import { Revocations } from '../auth/revocations.js';
import { TokenService } from '../auth/token.service.js';
import { HandshakeGate } from '../limits/handshake-gate.js';
import { FigureRecorder } from '../ops/figure-recorder.js';
import { Broadcaster } from '../realtime/broadcaster.js';
import { CommandRouter } from '../realtime/command-router.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { Presence } from '../realtime/presence.js';
import { ok, toAppError, type Ack } from '../common/errors.js';
import { Command } from '../realtime/command.js';
import { eventRoom, personRoom, roleRoom, type AppServer, type AppSocket } from '../realtime/protocol.js';
import { EventLifecycle } from './event-lifecycle.service.js';
import { EVENT_STORE, type EventStore } from './event.store.js';

import { SnapshotService, type Snapshot } from './snapshot.service.js';

/** Connections: handshake auth, rooms by event and role, the snapshot on connect and on sync. */
@WebSocketGateway()
export class EventsGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('Connections');
  /**
   * Every socket's disconnect listener, one for all (Socket.IO calls it with the socket as `this`):
   * Nest's own per-socket hook, a once-wrapper and two closures, is switched off (AppIoAdapter).
   */
  private readonly onDisconnect: (this: AppSocket) => void;

  constructor(
    private readonly tokens: TokenService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly snapshots: SnapshotService,
    private readonly broadcaster: Broadcaster,
    private readonly ticker: CounterTicker,
    private readonly presence: Presence,
    private readonly gate: HandshakeGate,
    private readonly revocations: Revocations,
    private readonly lifecycle: EventLifecycle,
    private readonly router: CommandRouter,
    private readonly figures: FigureRecorder,
  ) {
    const left = this.left.bind(this);
    this.onDisconnect = function (this: AppSocket): void {
      left(this);
    };
  }

  afterInit(server: AppServer): void {
    this.broadcaster.attach(server);
    this.lifecycle.attach(server);
    // Every command of an erased person's token (or a pre-reset one) is refused: a lookup per packet.
    this.router.refuseWhen((identity) => this.revocations.refusedHere(identity));
    // Admission control and sockets per address come before any work on the token.
    this.gate.install(server);
    // Guards do not run at the handshake: authenticate here, before any handler can.
    server.use((socket, next) => {
      const refuse = (err: Error): void => {
        this.gate.refused(socket);
        next(err);
      };
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      const token: unknown = auth?.token;
      // Checked once: a socket keeps its identity, not the token (some 400 bytes per connection).
      if (auth) delete auth.token;
      let identity;
      try {
        identity = this.tokens.verify(token);
      } catch {
        refuse(new Error('UNAUTHORIZED'));
        return;
      }
      const benched = this.gate.benched(identity);
      if (benched) return refuse(benched);
      const known = identity;
      this.events.get(identity.eventId).then(
        async (event) => {
          if (!event || (await this.revocations.isRevoked(known, event))) return refuse(new Error('UNAUTHORIZED'));
          socket.data.identity = known;
          next();
        },
        (err: unknown) => refuse(new Error(toAppError(err).error.code)),
      );
    });
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    socket.on('disconnect', this.onDisconnect);
    const identity = socket.data.identity;
    const rooms = [eventRoom(identity.eventId), roleRoom(identity.eventId, identity.role)];
    if (identity.role === 'audience') rooms.push(personRoom(identity.eventId, identity.id));
    await socket.join(rooms);
    this.ticker.track(identity.eventId);
    this.presence.join(identity.eventId, identity.role);
    this.figures.connected(identity.eventId, this.presence.counts(identity.eventId));
    try {
      await this.ticker.prime(identity.eventId);
      socket.emit('state', await this.snapshots.build(identity));
    } catch (err) {
      // Without a snapshot the client cannot start: let it reconnect and try again.
      this.logger.warn(`No snapshot for a connection: ${toAppError(err).error.message}`);
      socket.disconnect(true);
    } finally {
      this.gate.settled(socket);
    }
  }

  private left(socket: AppSocket): void {
    const identity = socket.data.identity as AppSocket['data']['identity'] | undefined;
    if (!identity) return;
    this.ticker.untrack(identity.eventId);
    this.presence.leave(identity.eventId, identity.role);
  }

  // A resync (after a gap, on reconnect) is no action: it does not make a person active.
  @Command('state:sync', { active: false })
  async sync(identity: Identity): Promise<Ack<Snapshot>> {
    return ok(await this.snapshots.build(identity));
  }
}
