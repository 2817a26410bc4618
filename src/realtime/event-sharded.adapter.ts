import { debuglog } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { Namespace } from 'socket.io';
import { ClusterAdapter, MessageType, type ClusterMessage, type ClusterResponse } from 'socket.io-adapter';
import type { RedisClient } from '../redis/redis-connection.js';

export interface EventShardedAdapterOptions {
  channelPrefix: string;
}

const debug = debuglog('summit-adapter');
/** A join waits at most this long for Redis to confirm its event's channel. */
const SUBSCRIBE_WAIT_MS = 3000;

/** `ev:<id>` and every room under it (`ev:<id>:<role>`, `ev:<id>:p:<person>`) belong to event <id>. */
const EVENT_ROOM = /^ev:([a-z0-9][a-z0-9-]{0,39})(?::|$)/;
const eventOfRoom = (room: string): string | null => EVENT_ROOM.exec(room)?.[1] ?? null;

/** The one event all rooms belong to; null for no room (everyone) or rooms of several events. */
function eventOfRooms(rooms: readonly string[]): string | null {
  let event: string | null = null;
  for (const room of rooms) {
    const id = eventOfRoom(room);
    if (id === null || (event !== null && id !== event)) return null;
    event = id;
  }
  return event;
}

/**
 * PUBSUB has no key, so a Cluster client sends it to any node; with the channel as the script's key it
 * runs on the primary serving the channel's slot (MOVED followed), where the subscribers are counted.
 */
const SHARD_NUMSUB = "return redis.call('PUBSUB', 'SHARDNUMSUB', KEYS[1])[2]";

const hasBinary = (value: unknown): boolean =>
  value instanceof ArrayBuffer ||
  ArrayBuffer.isView(value) ||
  (typeof value === 'object' && value !== null && Object.values(value).some(hasBinary));

/** JSON, unless JSON would mangle binary: then V8's format, whose first byte (0xff) is never '{'. */
const encode = (message: ClusterMessage | ClusterResponse): string | Buffer =>
  hasBinary(message) ? serialize(message) : JSON.stringify(message);

/**
 * Socket.IO adapter on Redis sharded pub/sub with one channel per event, `<prefix>#<nsp>#{ev:<id>}#`:
 * the hash tag puts it on the slot of the event's keys, so events spread over the shards and each
 * depends on one. The rest (several events, everyone, requests and broadcasts with acks, which
 * serverCount answers) goes on `<prefix>#<nsp>#`; responses on `<prefix>#<nsp>#<uid>#`.
 */
export class EventShardedAdapter extends ClusterAdapter {
  private readonly channel: string;
  private readonly eventChannelStart: string;
  /** No hash tag: the uid is random, so the nodes' response channels already spread over the slots. */
  private readonly responseChannel: string;
  /** Local rooms per event: the node holds the event's channel while there is one. */
  private readonly roomsPerEvent = new Map<string, number>();
  /** SSUBSCRIBE per channel, pending or confirmed; a failed one is dropped so that the next join retries. */
  private readonly subscriptions = new Map<string, Promise<void>>();
  /** The channels of `subscriptions` Redis has confirmed. */
  private readonly confirmed = new Set<string>();

  constructor(
    nsp: Namespace,
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    prefix: string,
  ) {
    super(nsp);
    this.channel = `${prefix}#${nsp.name}#`;
    this.eventChannelStart = `${this.channel}{ev:`;
    this.responseChannel = `${this.channel}${this.uid}#`;
    sub.on('smessageBuffer', this.onRawMessage);
    void this.hold(this.channel);
    void this.hold(this.responseChannel);
    this.on('create-room', (room: string) => {
      const event = eventOfRoom(room);
      if (event !== null) this.roomsPerEvent.set(event, (this.roomsPerEvent.get(event) ?? 0) + 1);
    });
    this.on('delete-room', (room: string) => {
      const event = eventOfRoom(room);
      if (event === null) return;
      const left = (this.roomsPerEvent.get(event) ?? 1) - 1;
      if (left > 0) return void this.roomsPerEvent.set(event, left);
      this.roomsPerEvent.delete(event);
      this.release(this.eventChannel(event));
    });
  }

  /** Resolves once Redis has confirmed the channels of the joined events: later broadcasts reach here. */
  override addAll(id: string, rooms: Set<string>): Promise<void> {
    void super.addAll(id, rooms); // synchronous: new rooms are counted (create-room) on return
    // The node's own channels too: a failed SSUBSCRIBE of theirs is retried here as well. Most joins
    // find every channel confirmed already and wait for nothing (no timer, no promise of their own).
    let pending: Promise<void>[] | undefined;
    const need = (channel: string): void => {
      if (!this.confirmed.has(channel)) (pending ??= []).push(this.hold(channel));
    };
    need(this.channel);
    need(this.responseChannel);
    let last: string | null = null;
    for (const room of rooms) {
      const event = eventOfRoom(room);
      if (event !== null && event !== last) need(this.eventChannel((last = event)));
    }
    if (pending === undefined) return Promise.resolve();
    const subscribed = Promise.all(pending);
    // Bounded: while Redis is away a join must not hang (the snapshot answers UNAVAILABLE anyway);
    // a broadcast missed meanwhile is mended by the client's seq gap -> state:sync.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)));
    return Promise.race([subscribed, late]).then(() => clearTimeout(timer));
  }

  override async serverCount(): Promise<number> {
    return Number(await this.pub.eval(SHARD_NUMSUB, 1, this.channel));
  }

  override async close(): Promise<void> {
    const channels = new Set([this.channel, this.responseChannel, ...this.subscriptions.keys()]);
    this.subscriptions.clear();
    this.confirmed.clear();
    this.roomsPerEvent.clear();
    this.sub.off('smessageBuffer', this.onRawMessage);
    await Promise.all([...channels].map((channel) => this.unsubscribe(channel)));
  }

  protected override async doPublish(message: ClusterMessage): Promise<string> {
    // With a requestId the requester waits for every node (serverCount), so only the main channel will do.
    const event =
      message.type === MessageType.BROADCAST && message.data.requestId === undefined
        ? eventOfRooms(message.data.opts.rooms)
        : null;
    await this.pub.spublish(event === null ? this.channel : this.eventChannel(event), encode(message));
    return '';
  }

  protected override async doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
    await this.pub.spublish(`${this.channel}${requesterUid}#`, encode(response));
  }

  private eventChannel(event: string): string {
    return `${this.eventChannelStart}${event}}#`;
  }

  private hold(channel: string): Promise<void> {
    const held = this.subscriptions.get(channel);
    if (held !== undefined) return held;
    const subscribing = this.sub.ssubscribe(channel).then(
      () => {
        if (this.subscriptions.get(channel) === subscribing) this.confirmed.add(channel);
      },
      (err: unknown) => {
        // Not fatal (the join still resolves): the next join of this event subscribes again.
        if (this.subscriptions.get(channel) === subscribing) this.subscriptions.delete(channel);
        debug('SSUBSCRIBE %s failed: %s', channel, err);
      },
    );
    this.subscriptions.set(channel, subscribing);
    return subscribing;
  }

  private release(channel: string): void {
    this.confirmed.delete(channel);
    if (this.subscriptions.delete(channel)) void this.unsubscribe(channel);
  }

  private unsubscribe(channel: string): Promise<void> {
    return this.sub.sunsubscribe(channel).then(
      () => undefined,
      // A channel left subscribed only delivers to rooms this node no longer has.
      (err: unknown) => debug('SUNSUBSCRIBE %s failed: %s', channel, err),
    );
  }

  /** Shared by every namespace on the sub client: only this namespace's channels are read. */
  private readonly onRawMessage = (rawChannel: Buffer, raw: Buffer): void => {
    const channel = rawChannel.toString();
    const isResponse = channel === this.responseChannel;
    if (!isResponse && channel !== this.channel && !channel.startsWith(this.eventChannelStart)) return;
    let message: unknown;
    try {
      message = raw[0] === 0x7b ? JSON.parse(raw.toString()) : deserialize(raw);
    } catch (err) {
      return debug('undecodable message on %s: %s', channel, err);
    }
    if (isResponse) this.onResponse(message as ClusterResponse);
    else this.onMessage(message as ClusterMessage);
  };
}

/** For `server.adapter()`: pub and sub each a Redis, or each a Cluster made with `shardedSubscribers: true`. */
export function createEventShardedAdapter(
  pub: RedisClient,
  sub: RedisClient,
  opts: EventShardedAdapterOptions,
): (nsp: Namespace) => EventShardedAdapter {
  // Not an arrow: socket.io calls it with `new`, and the object it returns is the adapter.
  return function (nsp: Namespace) {
    return new EventShardedAdapter(nsp, pub, sub, opts.channelPrefix);
  };
}
