import { Inject, Logger, UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { RolesGuard } from '../auth/roles.js';
import { TokenService } from '../auth/token.service.js';
import { HandshakeGate } from '../limits/handshake-gate.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { Broadcaster } from '../realtime/broadcaster.js';
import { CounterTicker } from '../realtime/counter-ticker.js';
import { Presence } from '../realtime/presence.js';
import { AppError, toAppError, type Ack } from '../common/errors.js';
import { isCommand } from '../realtime/commands.js';
import { eventRoom, personRoom, roleRoom, type AppServer, type AppSocket } from '../realtime/protocol.js';
import { EVENT_STORE, type EventStore } from './event.store.js';

import { SnapshotService, type Snapshot } from './snapshot.service.js';

/** Connections: handshake auth, rooms by event and role, the snapshot on connect and on sync. */
@WebSocketGateway()
@UseFilters(AckExceptionFilter)
@UseGuards(RolesGuard)
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('Connections');

  constructor(
    private readonly tokens: TokenService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly snapshots: SnapshotService,
    private readonly broadcaster: Broadcaster,
    private readonly ticker: CounterTicker,
    private readonly presence: Presence,
    private readonly gate: HandshakeGate,
  ) {}

  afterInit(server: AppServer): void {
    this.broadcaster.attach(server);
    // Admission control and sockets per address come before any work on the token.
    this.gate.install(server);
    // Guards do not run at the handshake: authenticate here, before any handler can.
    server.use((socket, next) => {
      const refuse = (err: Error): void => {
        this.gate.settled(socket);
        next(err);
      };
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      let identity;
      try {
        identity = this.tokens.verify(token);
      } catch {
        refuse(new Error('UNAUTHORIZED'));
        return;
      }
      const benched = this.gate.benched(identity);
      if (benched) return refuse(benched);
      this.events.get(identity.eventId).then(
        (event) => {
          if (!event) return refuse(new Error('UNAUTHORIZED'));
          socket.data.identity = identity;
          next();
        },
        (err: unknown) => refuse(new Error(toAppError(err).error.code)),
      );
    });
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (isCommand(event) || typeof ack !== 'function') return;
      const body: Ack<never> = { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown command' } };
      (ack as (a: Ack<never>) => void)(body);
    });
    const identity = socket.data.identity;
    const rooms = [eventRoom(identity.eventId), roleRoom(identity.eventId, identity.role)];
    if (identity.role === 'audience') rooms.push(personRoom(identity.eventId, identity.id));
    await socket.join(rooms);
    this.ticker.track(identity.eventId);
    this.presence.join(identity.eventId, identity.role);
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

  handleDisconnect(socket: AppSocket): void {
    const identity = socket.data.identity as AppSocket['data']['identity'] | undefined;
    if (!identity) return;
    this.ticker.untrack(identity.eventId);
    this.presence.leave(identity.eventId, identity.role);
  }

  @SubscribeMessage('state:sync')
  async sync(@ConnectedSocket() socket: AppSocket): Promise<Ack<Snapshot>> {
    if (!socket.data.identity) throw new AppError('UNAUTHORIZED', 'Not authenticated');
    return { ok: true, data: await this.snapshots.build(socket.data.identity) };
  }
}
