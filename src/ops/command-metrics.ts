import type { NextFunction, Request, Response } from 'express';
import { ERROR_CODES, type ErrorCode } from '../common/ack.types.js';
import { isCommand } from '../realtime/commands.js';
import type { Metrics, Outcome } from './metrics.js';

type Packet = [event: string, ...args: unknown[]];
type PacketMiddleware = (packet: Packet, next: (err?: Error) => void) => void;

const CODES = new Set<string>(ERROR_CODES);

/** The outcome label of an ack: 'ok' or its error code (anything else, which our code never sends: INTERNAL). */
function outcomeOf(answer: unknown): Outcome {
  const ack = answer as { ok?: unknown; error?: { code?: unknown } } | null | undefined;
  if (ack?.ok === true) return 'ok';
  const code = ack?.error?.code;
  return typeof code === 'string' && CODES.has(code) ? (code as ErrorCode) : 'INTERNAL';
}

/**
 * A Socket.IO packet middleware that counts and times every command, from its arrival to its
 * ack, by wrapping the ack callback: Socket.IO dispatches the packet array its middlewares were
 * given, so handlers, guards, pipes and filters all answer through the wrapper. Installed before
 * every other packet middleware (AppIoAdapter), it also sees what those refuse (rate limits,
 * shutdown). An unknown name is answered NOT_FOUND by EventsGateway's onAny listener, which gets
 * the original callback before any middleware runs: it is counted here, not timed.
 */
export function commandMetrics(metrics: Metrics): PacketMiddleware {
  return (packet, next) => {
    const name = packet[0];
    const last = packet.length - 1;
    const ack = packet[last];
    if (typeof ack !== 'function') {
      metrics.command(name, 'no_ack');
    } else if (!isCommand(name)) {
      metrics.command(name, 'NOT_FOUND');
    } else {
      const started = performance.now();
      let answered = false;
      packet[last] = (answer: unknown): void => {
        if (!answered) metrics.command(name, outcomeOf(answer), (performance.now() - started) / 1000);
        answered = true;
        (ack as (answer: unknown) => void)(answer);
      };
    }
    next();
  };
}

/** Counts and times every HTTP request by its route pattern (never the raw path: ids would be labels). */
export function httpMetrics(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      // Express sets req.route once a route matched; static files and unknown paths have none.
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      metrics.http(
        req.method,
        typeof route === 'string' ? route : 'other',
        res.statusCode,
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
