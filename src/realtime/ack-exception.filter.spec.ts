import { jest } from '@jest/globals';
import { PayloadTooLargeException, type ArgumentsHost } from '@nestjs/common';
import { AppError } from '../common/errors.js';
import { AckExceptionFilter } from './ack-exception.filter.js';

interface Sent {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function httpHost(sent: Sent, headersSent = false): ArgumentsHost {
  const res = {
    headersSent,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
}

const fresh = (): Sent => ({ status: 0, body: null, headers: {} });

describe('AckExceptionFilter', () => {
  const filter = new AckExceptionFilter();

  it('answers an AppError with its status and the error ack body', () => {
    const sent = fresh();
    filter.catch(new AppError('FORBIDDEN', 'no'), httpHost(sent));
    expect(sent).toEqual({
      status: 403,
      body: { ok: false, error: { code: 'FORBIDDEN', message: 'no' } },
      headers: {},
    });
  });

  it('answers RATE_LIMITED with Retry-After in whole seconds', () => {
    const sent = fresh();
    filter.catch(new AppError('RATE_LIMITED', 'wait', { retryAfterMs: 1500 }), httpHost(sent));
    expect([sent.status, sent.headers]).toEqual([429, { 'Retry-After': '2' }]);
  });

  it('answers an unexpected exception as INTERNAL and logs it; a body too large keeps its 413', () => {
    const logged = jest.spyOn(Reflect.get(filter, 'logger') as { error: (m: string) => void }, 'error');
    logged.mockImplementation(() => undefined);
    const sent = fresh();
    filter.catch(new Error('boom'), httpHost(sent));
    expect([sent.status, sent.body]).toEqual([
      500,
      { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } },
    ]);
    expect(logged).toHaveBeenCalledTimes(1);
    const large = fresh();
    filter.catch(new PayloadTooLargeException(), httpHost(large));
    expect(large.status).toBe(413);
    logged.mockRestore();
  });

  it('does nothing once the headers are sent', () => {
    const sent = fresh();
    filter.catch(new AppError('FORBIDDEN', 'no'), httpHost(sent, true));
    expect(sent.status).toBe(0);
  });
});
