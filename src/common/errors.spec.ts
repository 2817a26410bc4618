import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AppError, toAppError } from './errors.js';

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const err = new AppError('CONFLICT', 'taken', { id: 'x' });
    expect(toAppError(err)).toEqual({ error: err, internal: false });
    expect(err.toBody()).toEqual({ code: 'CONFLICT', message: 'taken', details: { id: 'x' } });
  });

  it('maps HTTP exceptions to protocol codes', () => {
    expect(toAppError(new NotFoundException()).error.code).toBe('NOT_FOUND');
    expect(toAppError(new BadRequestException()).error.code).toBe('VALIDATION_FAILED');
    expect(toAppError(new PayloadTooLargeException()).error.code).toBe('VALIDATION_FAILED');
  });

  it('answers UNAVAILABLE for the errors of an unreachable Redis', () => {
    for (const message of [
      'Connection is closed.',
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Command timed out',
      'connect ECONNREFUSED 127.0.0.1:1',
    ]) {
      expect(toAppError(new Error(message))).toEqual({
        error: expect.objectContaining({ code: 'UNAVAILABLE' }) as unknown,
        internal: false,
      });
    }
  });

  it("answers UNAVAILABLE for a Redis Cluster's errors while a replica takes over", () => {
    for (const message of [
      'CLUSTERDOWN The cluster is down',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      "READONLY You can't write against a read only replica.",
      'Too many Cluster redirections. Last error: ReplyError: MOVED 1 127.0.0.1:7000',
      "Cluster isn't ready and enableOfflineQueue options is false",
      'Node is disconnected',
      'No master node is available for the pipeline',
      'Failed to refresh slots cache.',
      'MOVED 3999 127.0.0.1:7001',
    ]) {
      expect(toAppError(new Error(message)).error.code).toBe('UNAVAILABLE');
    }
    // A script error is a bug, not an outage.
    expect(toAppError(new Error('ERR Error running script: attempt to compare nil')).error.code).toBe('INTERNAL');
  });

  it('answers INTERNAL, flagged for logging, for anything unexpected', () => {
    const { error, internal } = toAppError(new TypeError('x is undefined'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('undefined');
    expect(internal).toBe(true);
    expect(toAppError('a string').error.code).toBe('INTERNAL');
  });
});
