import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { Broadcaster } from './broadcaster.js';
import { InFlight } from './in-flight.js';
import type { AppServer } from './protocol.js';

/** Past the window, for the clients whose random moment came last. */
const WINDOW_SLACK_MS = 250;
/** After the drain window, how long the last clients get to answer the close of their transport. */
const CLOSE_HANDSHAKE_MS = 1000;
/** Kept out of the in-flight wait, for closing Redis and the HTTP server within the grace period. */
const CLOSE_RESERVE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` (cheap, O(1)) until it holds or `deadline` (epoch ms) passes. */
async function until(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
}

/**
 * Graceful shutdown of one node, in phases, one log line each: stop taking connections, tell the
 * clients to reconnect elsewhere (spread over DRAIN_RECONNECT_MS), refuse new commands and let the
 * ones in flight finish, then close what is left. The caller then closes the app (Redis included).
 */
@Injectable()
export class ShutdownService {
  private readonly logger = new Logger('Shutdown');
  private server: AppServer | null = null;
  /** Every TCP connection of the HTTP server, upgraded ones too, to end the last of them. */
  private readonly connections = new Set<NetSocket>();
  /** Answers not yet sent: told to close their connection once the node drains. */
  private readonly answering = new Set<ServerResponse>();
  private drained: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly inFlight: InFlight,
    private readonly broadcaster: Broadcaster,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get draining(): boolean {
    return this.drained !== null;
  }

  /** Called once the Socket.IO server exists (AppIoAdapter.createIOServer), before anyone connects. */
  attach(server: AppServer): void {
    this.server = server;
    server.use((_socket, next) => next(this.draining ? new Error('UNAVAILABLE') : undefined));
    const http = this.http();
    // One listener for every connection, not a closure each: every WebSocket is a connection.
    const connections = this.connections;
    const forget = function (this: NetSocket): void {
      connections.delete(this);
    };
    http.on('connection', (socket: NetSocket) => {
      connections.add(socket);
      socket.on('close', forget);
    });
    const engine = `${server.path()}/`;
    http.prependListener('request', (req, res) => {
      // A keep-alive connection (nginx's to this node) must not bring new requests while draining.
      if (this.draining) res.shouldKeepAlive = false;
      else this.answering.add(res);
      // Socket.IO's long polls stay open by design: only answers to ordinary requests are awaited.
      const done = req.url?.startsWith(engine) ? null : this.inFlight.enter();
      res.once('close', () => {
        this.answering.delete(res);
        done?.();
      });
    });
  }

  /** Runs the drain once (later calls get the same promise); resolves when the app may close. */
  drain(reason: string): Promise<void> {
    this.drained ??= this.run(reason);
    return this.drained;
  }

  private async run(reason: string): Promise<void> {
    const started = Date.now();
    const deadline = started + this.config.SHUTDOWN_GRACE_MS - CLOSE_RESERVE_MS;
    const windowMs = this.config.DRAIN_RECONNECT_MS;
    const engine = this.server?.engine;
    const transports = (): number => engine?.clientsCount ?? 0;

    // 1. No new connections: /ready says 503, handshakes are refused, the port is closed (a load
    // balancer's next connect fails and goes to another node), idle keep-alive connections end.
    this.http().close();
    for (const res of this.answering) res.shouldKeepAlive = false;
    this.answering.clear();
    const told = transports();
    this.broadcaster.draining(windowMs);
    this.logger.log(
      `${reason}: draining. /ready is 503, the port is closed; ${told} connections told to reconnect within ${windowMs} ms`,
    );

    // 2. The clients leave at random moments of the window.
    await until(() => transports() === 0, Math.min(started + windowMs + WINDOW_SLACK_MS, deadline));
    this.inFlight.refuse();
    const pending = this.inFlight.size;
    const remaining = transports();
    this.logger.log(
      `Drain window over: ${Math.max(0, told - remaining)} connections left, ${remaining} remain; ${pending} commands in flight, new ones refused`,
    );

    // 3. What was accepted is answered (acks follow stored writes) before its transport closes.
    const stuck = await this.inFlight.settled(deadline);
    // 4. Clients that ignored the notice reconnect by Socket.IO's own back-off ("transport close").
    const closing = transports();
    engine?.close();
    await until(() => this.connections.size === 0, Math.min(Date.now() + CLOSE_HANDSHAKE_MS, deadline));
    const cut = this.connections.size;
    for (const socket of this.connections) socket.destroy();
    const work = stuck === 0 ? `all ${pending} answered` : `${stuck} of ${pending} unanswered at the deadline`;
    this.logger.log(
      `In flight: ${work}; closed ${closing} transports, cut ${cut} connections; ${Date.now() - started} ms since the signal`,
    );
  }

  private http(): HttpServer {
    return this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
  }
}
