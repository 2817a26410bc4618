import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import { isObservable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig, RedisTarget } from '../config/app-config.js';
import { commandMetrics } from '../ops/command-metrics.js';
import { Metrics } from '../ops/metrics.js';
import { knowCommand } from './commands.js';
import { createEventShardedAdapter } from './event-sharded.adapter.js';
import { REDIS } from '../redis/redis.module.js';
import { createClient, type RedisClient, type RedisConnection } from '../redis/redis-connection.js';

type Handler = MessageMappingProperties['callback'];
type HandledSocket = Socket & { [HANDLERS]?: Record<string, Handler> };
type Listener = (this: HandledSocket, ...args: unknown[]) => void;
/** Where a socket keeps Nest's handlers (bound to it), by command. */
const HANDLERS = Symbol('handlers');

/** Larger than any valid command (a poll with translations), far below the 1 MB default. */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Socket.IO server options from validated config (never hard-coded in the gateway decorator). With
 * Redis (one server or a cluster), changes of state cross nodes through a Socket.IO Redis adapter.
 */
export class AppIoAdapter extends IoAdapter {
  private readonly pubsub: RedisClient[] = [];
  /** One listener per command, shared by every socket (see bindMessageHandlers). */
  private readonly listeners = new Map<string, Listener>();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.corsOrigins;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      transports: ['websocket', 'polling'],
      maxHttpBufferSize: MAX_FRAME_BYTES,
      cors: origins === false ? undefined : { origin: origins, credentials: origins !== '*' },
    } as ServerOptions);
    const target = this.config.redisTarget;
    if (target !== null) server.adapter(this.redisAdapter(target));
    // Here, before any gateway's afterInit: the first packet middleware of every socket, so that it
    // sees the commands the later ones refuse (rate limits, shutdown).
    const counted = commandMetrics(this.app.get(Metrics, { strict: false }));
    server.on('connection', (socket) => socket.use(counted));
    return server;
  }

  /**
   * Nest's version keeps an RxJS pipeline (fromEvent, mergeMap, takeUntil) per socket and command:
   * with 21 commands that is about 100 KB of heap per connected socket, 10,000 sockets a gigabyte.
   * Here a socket keeps only Nest's handlers, by command, and every socket shares one listener per
   * command; a message costs a promise, not a pipeline (results resolved as Nest's `pickResult`).
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[]): void {
    const own = ((socket as HandledSocket)[HANDLERS] ??= {});
    for (const { message, callback, isAckHandledManually } of handlers) {
      const name = String(message);
      knowCommand(name);
      own[name] = callback;
      socket.on(name, this.listenerFor(name, isAckHandledManually));
    }
  }

  private listenerFor(name: string, isAckHandledManually: boolean): Listener {
    let listener = this.listeners.get(name);
    if (listener) return listener;
    const failed = (err: unknown): void => this.logger.error(err);
    const mapPayload = (args: unknown[]): { data?: unknown; ack?: unknown } =>
      // As rxjs fromEvent hands them on: one argument alone, several as an array.
      this.mapPayload(args.length > 1 ? args : args[0]);
    listener = function (this: HandledSocket, ...args: unknown[]): void {
      const callback = this[HANDLERS]?.[name];
      if (!callback) return;
      const { data, ack } = mapPayload(args);
      const respond = (response: unknown): void => {
        if (response === null || response === undefined) return;
        const reply = response as { event?: string; data?: unknown };
        if (reply.event) this.emit(reply.event, reply.data);
        else if (!isAckHandledManually && typeof ack === 'function') (ack as (r: unknown) => void)(response);
      };
      // A handler that throws at once is caught like one that rejects.
      new Promise<unknown>((resolve) => resolve(callback(data, ack))).then((result) => {
        if (isObservable(result)) result.subscribe({ next: respond, error: failed });
        else respond(result);
      }, failed);
    };
    this.listeners.set(name, listener);
    return listener;
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
