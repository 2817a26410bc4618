import { Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import { AppConfig } from '../config/app-config.js';
import type { AppServer } from '../realtime/protocol.js';

/** What one node tells the others about an event's data (PROTOCOL section 11). */
export type EventSignal =
  | { kind: 'revoked'; eventId: string; digest: string }
  | { kind: 'ended'; eventId: string }
  | { kind: 'reset'; eventId: string; seq: number; generation: number }
  | { kind: 'deleted'; eventId: string };

const CHANNEL = 'summit:event-data';

interface SignalEvents {
  [CHANNEL]: (signal: EventSignal) => void;
}

type Handler = (signal: EventSignal) => void;

/**
 * Node-to-node messages through the Socket.IO adapter (serverSideEmit: every other node, once),
 * handled here too: each node drops its copies (event cache, revocations, pending figures) and
 * does its own sockets' part. Embedded mode: this node only.
 */
@Injectable()
export class EventSignals {
  private readonly logger = new Logger('EventSignals');
  private server: Server<SignalEvents, SignalEvents, SignalEvents> | null = null;
  private readonly handlers: Handler[] = [];

  constructor(private readonly config: AppConfig) {}

  attach(server: AppServer): void {
    // Server-side events on the default namespace: this channel is this file's own.
    this.server = server;
    this.server.sockets.on(CHANNEL, (signal: EventSignal) => this.handle(signal));
  }

  on(handler: Handler): void {
    this.handlers.push(handler);
  }

  /** Handled here at once, then by every other node. */
  send(signal: EventSignal): void {
    this.handle(signal);
    if (!this.config.embedded && this.server) this.server.serverSideEmit(CHANNEL, signal);
  }

  private handle(signal: EventSignal): void {
    for (const handler of this.handlers) {
      try {
        handler(signal);
      } catch (err) {
        this.logger.error(`Signal ${signal.kind} of ${signal.eventId}: ${(err as Error).message}`);
      }
    }
  }
}
