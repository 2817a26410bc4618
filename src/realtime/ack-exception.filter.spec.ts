import { Logger, type ArgumentsHost } from '@nestjs/common';
import { AckExceptionFilter } from './ack-exception.filter.js';
import { AppError, type Ack } from '../common/errors.js';

function wsHost(ack: unknown): ArgumentsHost {
  const args = [{}, { pollId: 'p' }, ack, 'poll:vote'];
  return { getType: () => 'ws', getArgByIndex: (i: number) => args[i] } as unknown as ArgumentsHost;
}

describe('AckExceptionFilter', () => {
  const filter = new AckExceptionFilter();

  it('answers an AppError as the error ack', () => {
    const acks: Ack<never>[] = [];
    filter.catch(
      new AppError('POLL_CLOSED', 'closed'),
      wsHost((a: Ack<never>) => acks.push(a)),
    );
    expect(acks).toEqual([{ ok: false, error: { code: 'POLL_CLOSED', message: 'closed' } }]);
  });

  it('answers an unexpected exception as INTERNAL and logs it', () => {
    const logged: unknown[] = [];
    const spy = Logger.prototype.error;
    Logger.prototype.error = (m: unknown): void => void logged.push(m);
    const acks: Ack<never>[] = [];
    try {
      filter.catch(
        new TypeError('boom'),
        wsHost((a: Ack<never>) => acks.push(a)),
      );
    } finally {
      Logger.prototype.error = spy;
    }
    expect(acks).toEqual([{ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } }]);
    expect(String(logged[0])).toContain('boom');
  });

  it('does nothing more when the client sent no ack callback', () => {
    expect(() => filter.catch(new AppError('FORBIDDEN', 'no'), wsHost(undefined))).not.toThrow();
  });
});
