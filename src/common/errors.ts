import { HttpException } from '@nestjs/common';

export { ERROR_CODES, type Ack, type ErrorBody, type ErrorCode } from './ack.types.js';
import type { Ack, ErrorBody, ErrorCode } from './ack.types.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  POLL_CLOSED: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An expected failure: carried to the client as an error ack or an HTTP error body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

// Errors ioredis raises when Redis cannot be reached (not script or reply errors, which are bugs),
// and those of a Redis Cluster while a replica takes over from a primary that died (a MOVED left in
// a pipeline's answer: the command did not run).
const REDIS_DOWN =
  /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Reached the max retries|MaxRetriesPerRequest|^CLUSTERDOWN|^TRYAGAIN|^MASTERDOWN|^LOADING|^READONLY|^MOVED |^ASK |Too many Cluster redirections|Cluster isn't ready|Cluster is (disconnected|disconnecting|ended)|Node is disconnected|No master node is available|None of startup nodes is available|Failed to refresh slots cache|Connection is (discarded|aborted)|Socket timeout/;

const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'VALIDATION_FAILED',
  415: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Any thrown value as an AppError; `internal` is true for the ones nobody expected (to be logged). */
export function toAppError(err: unknown): { error: AppError; internal: boolean } {
  if (err instanceof AppError) return { error: err, internal: false };
  if (err instanceof HttpException) {
    const code = STATUS_CODE[err.getStatus()];
    if (code) return { error: new AppError(code, err.message), internal: false };
  }
  if (err instanceof Error && (REDIS_DOWN.test(err.message) || err.name === 'MaxRetriesPerRequestError')) {
    return { error: new AppError('UNAVAILABLE', 'The store cannot be reached; try again shortly'), internal: false };
  }
  return { error: new AppError('INTERNAL', 'Internal error'), internal: true };
}

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}
