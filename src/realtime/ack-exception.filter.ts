import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { HTTP_STATUS, toAppError, type Ack } from '../common/errors.js';

/** Turns every failure of an HTTP route into the error ack's body with its 4xx/5xx (socket commands: CommandRouter). */
@Catch()
export class AckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Commands');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { error, internal } = toAppError(exception);
    if (internal)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const body: Ack<never> = { ok: false, error: error.toBody() };
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const retryAfterMs = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (error.code === 'RATE_LIMITED' && typeof retryAfterMs === 'number') {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    // A body too large (413) or in an unknown charset or encoding (415) keeps its status.
    const own = exception instanceof HttpException ? exception.getStatus() : 0;
    res.status(own === 413 || own === 415 ? own : HTTP_STATUS[error.code]).json(body);
  }
}
