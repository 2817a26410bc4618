import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig, RedisTarget } from '../config/app-config.js';
import { CommandRouter } from './command-router.js';
import type { AppServer, AppSocket } from './protocol.js';
import { ShutdownService } from './shutdown.service.js';
import { createEventShardedAdapter } from './event-sharded.adapter.js';
import { REDIS } from '../redis/redis.module.js';
import { createClient, type RedisClient, type RedisConnection } from '../redis/redis-connection.js';

/** Larger than any valid command (a poll with translations), far below the 1 MB default. */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Socket.IO server options from validated config (never hard-coded in the gateway decorator). With
 * Redis (one server or a cluster), changes of state cross nodes through a Socket.IO Redis adapter.
 */
export class AppIoAdapter extends IoAdapter {
  private readonly pubsub: RedisClient[] = [];

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.corsOrigins;
    const server: AppServer = super.createIOServer(port, {
      ...options,
      serveClient: false,
      transports: ['websocket', 'polling'],
      maxHttpBufferSize: MAX_FRAME_BYTES,
      cors: origins === false ? undefined : { origin: origins, credentials: origins !== '*' },
    } as ServerOptions) as AppServer;
    const target = this.config.redisTarget;
    if (target !== null) server.adapter(this.redisAdapter(target));
    // Here rather than in a gateway: Nest binds a disconnect hook per socket for every gateway.
    this.app.get(ShutdownService, { strict: false }).attach(server);
    const router = this.app.get(CommandRouter, { strict: false });
    server.on('connection', (socket: AppSocket) => router.attach(socket));
    return server;
  }

  /**
   * Socket commands are `@Command` methods, routed by CommandRouter through one listener shared by
   * every socket; Nest's version would keep an RxJS pipeline per socket and command (about 100 KB
   * of heap per socket with 21 commands). A `@SubscribeMessage` would bypass the router's checks.
   */
  override bindMessageHandlers(_socket: Socket, handlers: MessageMappingProperties[]): void {
    if (handlers.length > 0) {
      throw new Error(`Use @Command, not @SubscribeMessage: ${handlers.map((h) => String(h.message)).join(', ')}`);
    }
  }

  /**
   * Nest's disconnect hook would be a once-wrapper and two closures on every socket, for every
   * gateway; the one gateway that needs disconnects (EventsGateway) listens with one function
   * shared by all sockets instead. A gateway's `handleDisconnect` is therefore never called.
   */
  override bindClientDisconnect(): void {
    // Nothing per socket.
  }

  private redisAdapter(target: RedisTarget): ServerOptions['adapter'] {
    const name = `summit:${this.config.NODE_ID}`;
    // The adapter never catches a failed publish: let publishes wait for Redis rather than reject.
    const pub = createClient(target, `${name}:pub`, { offlineQueue: true, perServer: { maxRetriesPerRequest: null } });
    // ioredis subscribes again by itself after a reconnect (plain and sharded channels alike); on a
    // cluster, one subscriber connection per primary, for the channels in that primary's slots.
    const sub = createClient(target, `${name}:sub`, {
      offlineQueue: true,
      shardedSubscribers: true,
      perServer: { maxRetriesPerRequest: null },
    });
    // lazyConnect: the first command connects; subscribing is one.
    for (const client of [pub, sub]) void client.connect().catch(() => undefined);
    // Outages are reported once by the command connection (RedisConnection), not three times.
    for (const client of [pub, sub]) client.on('error', () => undefined);
    this.pubsub.push(pub, sub);
    // Until the sub connection is back (and has subscribed again), this node misses other nodes'
    // broadcasts: /ready says 503 till then, not only till the command connection is back.
    this.app.get<symbol, RedisConnection | null>(REDIS, { strict: false })?.watch(pub, sub);
    // One shard channel per event, on the slot of its keys (events spread over a cluster's shards),
    // held by a node while it has sockets of that event; personal rooms (toPerson) ride on it too.
    return this.config.SOCKET_ADAPTER === 'sharded'
      ? createEventShardedAdapter(pub, sub, { channelPrefix: 'summit' })
      : createAdapter(pub, sub, { key: 'summit' });
  }

  override async dispose(): Promise<void> {
    await Promise.all(this.pubsub.map((c) => c.quit().catch(() => c.disconnect())));
    await super.dispose();
  }
}
