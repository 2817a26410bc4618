import { jest } from '@jest/globals';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createLogger } from './app-logger.js';

const SECRETS = { ADMIN_KEY: 'a'.repeat(16), AUTH_SECRET: 's'.repeat(32) };
const REDIS = { ...SECRETS, REDIS_URL: 'redis://127.0.0.1:6379', NODE_ID: 'node-7' };

/** What the logger writes to stdout and stderr while `log` runs. */
function written(log: () => void): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const keep = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(keep(out));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(keep(err));
  try {
    log();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { out, err };
}

describe('LOG_FORMAT', () => {
  it('defaults to json with Redis and text in embedded mode; takes either explicitly; refuses others', () => {
    expect(loadConfig(REDIS).LOG_FORMAT).toBe('json');
    expect(loadConfig({}).LOG_FORMAT).toBe('text');
    expect(loadConfig({ ...REDIS, LOG_FORMAT: 'text' }).LOG_FORMAT).toBe('text');
    expect(loadConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or text/);
  });

  it('json: one object per line, with level, context, pid, timestamp and the node; errors on stderr', () => {
    const logger = createLogger(loadConfig(REDIS));
    const { out, err } = written(() => {
      logger.log('Redis is back after 12 ms', 'Redis');
      logger.error('Tick failed', 'CounterTicker');
    });
    expect(out).toHaveLength(1);
    expect(out[0].endsWith('\n')).toBe(true);
    const { timestamp, ...line } = JSON.parse(out[0]) as Record<string, unknown>;
    expect(typeof timestamp).toBe('number');
    expect(line).toEqual({
      level: 'log',
      pid: process.pid,
      message: 'Redis is back after 12 ms',
      context: 'Redis',
      node: 'node-7',
    });
    expect(err).toHaveLength(1);
    expect(JSON.parse(err[0])).toMatchObject({ level: 'error', message: 'Tick failed', node: 'node-7' });
  });

  it('keeps to LOG_LEVEL', () => {
    const logger = createLogger(loadConfig({ ...REDIS, LOG_LEVEL: 'warn' }));
    const { out, err } = written(() => {
      logger.log('not shown', 'X');
      logger.debug('not shown', 'X');
      logger.warn('shown', 'X');
    });
    expect([...out, ...err].map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['shown']);
  });

  it('text: a readable line, the node in its prefix when there are several nodes', () => {
    const { out } = written(() => createLogger(loadConfig({ ...REDIS, LOG_FORMAT: 'text' })).log('hello', 'Ctx'));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('[node-7]');
    expect(out[0]).toContain('hello');
    expect(() => JSON.parse(out[0]) as unknown).toThrow();
  });
});
