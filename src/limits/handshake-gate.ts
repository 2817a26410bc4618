import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import type { AppError } from '../common/errors.js';
import type { AppServer, AppSocket } from '../realtime/protocol.js';
import { Admission } from './admission.js';
import { ClientAddress } from './client-address.js';
import { CommandLimits, limited } from './command-limits.js';
import { IpLimits } from './ip-limits.js';

/** A handshake refusal: the client's connect_error has `message` RATE_LIMITED and `data.retryAfterMs`. */
export function connectError(error: AppError): Error {
  return Object.assign(new Error(error.code), { data: error.details });
}

/**
 * What every socket passes before its token is even read: admission control (handshakes in flight
 * up to the snapshot, event-loop lag) and the cap on sockets per client address. (The per-person
 * command limits on every packet are CommandRouter's, through CommandLimits.refuse.)
 */
@Injectable()
export class HandshakeGate {
  /** Sockets still in their handshake: their place in the gate, given back once. */
  private readonly pending = new WeakMap<AppSocket, () => void>();
  /** Sockets that hold a place of their client address, by address. */
  private readonly holding = new WeakMap<AppSocket, string>();
  /** Every socket's 'disconnect' listener (Socket.IO calls it with the socket as `this`). */
  private readonly disconnected: (this: AppSocket) => void;

  constructor(
    private readonly admission: Admission,
    private readonly addresses: ClientAddress,
    private readonly ipLimits: IpLimits,
    private readonly commands: CommandLimits,
  ) {
    const release = this.release.bind(this);
    this.disconnected = function (this: AppSocket): void {
      release(this);
    };
  }

  /** Call first in the server's afterInit, before the authentication middleware. */
  install(server: AppServer): void {
    server.use((socket, next) => {
      const refused = this.enter(socket);
      next(refused ? connectError(refused) : undefined);
    });
  }

  /** Once the token is read: a person disconnected for flooding waits before coming back. */
  benched(identity: Identity): Error | null {
    const wait = this.commands.benchedFor(identity);
    return wait > 0 ? connectError(limited(wait)) : null;
  }

  /** A handshake refused after the gate (a bad token): both its places are given back now. */
  refused(socket: AppSocket): void {
    this.release(socket);
  }

  /** The handshake is over (snapshot sent, or given up): its place in the gate is free. */
  settled(socket: AppSocket): void {
    this.pending.get(socket)?.();
  }

  private enter(socket: AppSocket): AppError | null {
    const refused = this.admission.enter(this.admission.handshakes);
    if (refused) return refused;
    const address = this.addresses.of(socket.request);
    const full = this.ipLimits.openSocket(address);
    if (full) {
      this.admission.handshakes.leave();
      return full;
    }
    this.holding.set(socket, address);
    // While handshaking, the transport's close also ends it: a refusal later in the chain (a bad
    // token) never connects the socket, so it never gets a 'disconnect'. Once connected, one
    // listener shared by every socket is all it keeps.
    const closed = (): void => this.release(socket);
    this.pending.set(socket, () => {
      this.pending.delete(socket);
      socket.conn.off('close', closed);
      this.admission.handshakes.leave();
    });
    socket.conn.on('close', closed);
    socket.on('disconnect', this.disconnected);
    return null;
  }

  /** The socket is gone: its handshake place and its address's place are given back, once. */
  private release(socket: AppSocket): void {
    this.pending.get(socket)?.();
    const address = this.holding.get(socket);
    if (address === undefined) return;
    this.holding.delete(socket);
    this.ipLimits.closeSocket(address);
  }
}
