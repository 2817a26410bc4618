import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { HTTP_STATUS, toAppError, type Ack } from './errors.js';

/** Turns every failure into the error ack (sockets) or the same body with a 4xx/5xx (HTTP). */
@Catch()
export class AckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Commands');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { error, internal } = toAppError(exception);
    if (internal)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: Ack<never> = { ok: false, error: error.toBody() };
    if (host.getType() === 'ws') {
      // Gateway handler arguments are [socket, payload, ack?, pattern].
      const ack: unknown = host.getArgByIndex(2);
      if (typeof ack === 'function') (ack as (a: Ack<never>) => void)(body);
      return;
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (!res.headersSent) res.status(HTTP_STATUS[error.code]).json(body);
  }
}
