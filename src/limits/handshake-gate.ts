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

  constructor(
    private readonly admission: Admission,
    private readonly addresses: ClientAddress,
    private readonly ipLimits: IpLimits,
    private readonly commands: CommandLimits,
  ) {}

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
    let handshaking = true;
    let open = true;
    const settle = (): void => {
      if (!handshaking) return;
      handshaking = false;
      this.pending.delete(socket);
      this.admission.handshakes.leave();
    };
    const gone = (): void => {
      settle();
      if (!open) return;
      open = false;
      this.ipLimits.closeSocket(address);
    };
    this.pending.set(socket, settle);
    // A refusal later in the chain (a bad token) never connects the socket: its transport closes.
    socket.once('disconnect', gone);
    socket.conn.once('close', gone);
    return null;
  }
}
