// The ack envelope and error codes (PROTOCOL section 2): plain types, shared with the web clients.

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'POLL_CLOSED',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Ack of every command: exactly one of these two shapes (PROTOCOL section 2). */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
