import { jest } from '@jest/globals';
import { AppError } from '../../src/common/errors.js';
import { loadConfig } from '../../src/config/app-config.js';
import { IpLimits } from '../../src/limits/ip-limits.js';
import type { RedisConnection } from '../../src/redis/redis-connection.js';
import { connectRedis, freshEventId, storeContract, type Subject } from './contract-support.js';

const LIMIT = 5;
const config = loadConfig({ JOIN_IP_LIMIT: String(LIMIT) });
/** Far enough from the limit for the Redis window to lease points to the node. */
const FAR_LIMIT = 200;
const FAR_CONFIG = loadConfig({ JOIN_IP_LIMIT: String(FAR_LIMIT) });

const { server, backends } = storeContract<IpLimits>(
  'join-limit',
  () => new IpLimits(config, null),
  (conn) => new IpLimits(config, conn),
);

/** The outcome of one join: admitted, or the refusal's code and wait. */
async function outcome(limits: IpLimits, address: string): Promise<'in' | { code: string; retryAfterMs: number }> {
  try {
    await limits.join(address);
    return 'in';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      code: err.code,
      retryAfterMs: Number((err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs),
    };
  }
}

describe.each(backends)('Joins per address (%s)', (_name, make) => {
  let s: Subject<IpLimits>;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(() => s.close());

  it('lets exactly JOIN_IP_LIMIT joins of a crowd arriving at once in, and refuses the rest with a wait', async () => {
    const address = freshEventId('addr');
    const results = await Promise.all(Array.from({ length: 12 }, () => outcome(s.store, address)));
    expect(results.filter((r) => r === 'in')).toHaveLength(LIMIT);
    // The first LIMIT in arrival order are the ones let in.
    expect(results.slice(0, LIMIT).every((r) => r === 'in')).toBe(true);
    for (const refused of results.slice(LIMIT)) {
      expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
      const wait = (refused as { retryAfterMs: number }).retryAfterMs;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60_000);
    }
    // Still refused after the crowd, one by one; another address is not.
    expect(await outcome(s.store, address)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await outcome(s.store, `${address}-other`)).toBe('in');
    expect(s.store.joinsRefused).toBe(12 - LIMIT + 1);
  });

  it('counts joins one by one across turns the same way', async () => {
    const address = freshEventId('addr');
    for (let i = 0; i < LIMIT; i++) expect(await outcome(s.store, address)).toBe('in');
    expect(await outcome(s.store, address)).toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('Joins per address on Redis', () => {
  let conn: RedisConnection;
  beforeAll(async () => {
    conn = await connectRedis(server().url, 'join-limit-redis');
  });
  afterAll(() => conn.onModuleDestroy());

  it("counts one address's joins of one turn with one script, in rate-limiter-flexible's key and window", async () => {
    const limits = new IpLimits(config, conn);
    const address = freshEventId('addr');
    const script = jest.spyOn(conn, 'eval');
    await Promise.all(Array.from({ length: 4 }, () => limits.join(address)));
    expect(script).toHaveBeenCalledTimes(1);
    script.mockRestore();
    expect(await conn.client.get(`rl:join-ip:${address}`)).toBe('4');
    const ttl = await conn.client.pttl(`rl:join-ip:${address}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('with leases, lets exactly the limit in, one by one and in crowds', async () => {
    const limits = new IpLimits(FAR_CONFIG, conn);
    const address = freshEventId('addr');
    let admitted = 0;
    for (let i = 0; i < FAR_LIMIT / 2; i++) if ((await outcome(limits, address)) === 'in') admitted++;
    const crowd = await Promise.all(Array.from({ length: FAR_LIMIT }, () => outcome(limits, address)));
    admitted += crowd.filter((r) => r === 'in').length;
    expect(admitted).toBe(FAR_LIMIT);
    expect(await outcome(limits, address)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limits.joinsRefused).toBe(FAR_LIMIT / 2 + 1);
  });

  it('far from the limit, leases the node points it hands out without a script, and counts them in the window', async () => {
    const limits = new IpLimits(FAR_CONFIG, conn);
    const address = freshEventId('addr');
    const script = jest.spyOn(conn, 'eval');
    for (let i = 0; i < 20; i++) await limits.join(address);
    const scripts = script.mock.calls.length;
    script.mockRestore();
    // The first script leases min(32, (200 - 1) / 16) = 12 points: joins 2 to 13 take them.
    expect(scripts).toBeGreaterThan(1);
    expect(scripts).toBeLessThan(5);
    // Redis counts every point handed out or held: never fewer than the joins.
    expect(Number(await conn.client.get(`rl:join-ip:${address}`))).toBeGreaterThanOrEqual(20);
  });

  it('two nodes with leases together let in no more than the limit, and not much fewer', async () => {
    const [one, two] = [new IpLimits(FAR_CONFIG, conn), new IpLimits(FAR_CONFIG, conn)];
    const address = freshEventId('addr');
    let admitted = 0;
    for (let i = 0; i < FAR_LIMIT + 20; i++) {
      if ((await outcome(i % 2 === 0 ? one : two, address)) === 'in') admitted++;
    }
    expect(admitted).toBeLessThanOrEqual(FAR_LIMIT);
    // What one node holds when the other is refused: at most a sixteenth of what was left.
    expect(admitted).toBeGreaterThanOrEqual(FAR_LIMIT - FAR_LIMIT / 16);
  });
});
