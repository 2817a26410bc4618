import { Injectable } from '@nestjs/common';
import { AppError, type Ack } from '../common/errors.js';
import { isCommand } from './commands.js';
import type { AppSocket } from './protocol.js';

type AckCallback = (ack: Ack<unknown>) => void;

const SHUTTING_DOWN: Ack<never> = {
  ok: false,
  error: new AppError('UNAVAILABLE', 'This node is shutting down: reconnect and send again').toBody(),
};

/**
 * Work this node has accepted and not yet answered: commands between arrival and ack, HTTP
 * requests between arrival and response. Shutdown waits for it before Redis closes. One counter
 * and one wrapped ack per command: no I/O, nothing per socket kept (DESIGN principle 6).
 */
@Injectable()
export class InFlight {
  private count = 0;
  private refusing = false;
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.count;
  }

  /** Counts one piece of work; call the returned function once it is answered (extra calls do nothing). */
  enter(): () => void {
    this.count += 1;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.count -= 1;
      if (this.count === 0) for (const wake of [...this.waiters]) wake();
    };
  }

  /** Counts this socket's commands until their ack; once refusing, answers them UNAVAILABLE. */
  attach(socket: AppSocket): void {
    socket.use((packet, next) => {
      const ack: unknown = packet.at(-1);
      if (typeof ack !== 'function' || !isCommand(packet[0])) return next();
      if (this.refusing) return (ack as AckCallback)(SHUTTING_DOWN);
      const done = this.enter();
      packet[packet.length - 1] = (answer: Ack<unknown>): void => {
        done();
        (ack as AckCallback)(answer);
      };
      next();
      // Socket.IO drops a packet whose socket closed before its dispatch: that ack never comes.
      process.nextTick(() => {
        if (!socket.connected) done();
      });
    });
  }

  /** From now on, commands are answered UNAVAILABLE (the client sends them again elsewhere). */
  refuse(): void {
    this.refusing = true;
  }

  /** Resolves once nothing is in flight, or at `deadline` (epoch ms), with what is still in flight. */
  async settled(deadline: number): Promise<number> {
    if (this.count > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
        this.waiters.add(wake);
      });
    }
    return this.count;
  }
}
