import { Injectable } from '@nestjs/common';
import { AppError, type Ack } from '../common/errors.js';

const SHUTTING_DOWN: Ack<never> = {
  ok: false,
  error: new AppError('UNAVAILABLE', 'This node is shutting down: reconnect and send again').toBody(),
};

/**
 * Work this node has accepted and not yet answered: commands between arrival and ack, HTTP
 * requests between arrival and response. Shutdown waits for it before Redis closes. One counter:
 * no I/O, nothing per socket kept (DESIGN principle 6).
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
      this.leave();
    };
  }

  /**
   * A command's place, counted (null), or the refusal to answer while shutting down. The caller
   * calls `leave()` exactly once when it is answered: a command in flight holds no closure of its own.
   */
  admit(): Ack<never> | null {
    if (this.refusing) return SHUTTING_DOWN;
    this.count += 1;
    return null;
  }

  /** One admitted piece of work is answered. */
  leave(): void {
    this.count -= 1;
    if (this.count === 0) for (const wake of [...this.waiters]) wake();
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
