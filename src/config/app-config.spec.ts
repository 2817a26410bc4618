import { ConfigError, loadConfig } from './app-config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts embedded with defaults and generated secrets when nothing is set', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.TALLY_INTERVAL_MS).toBe(250);
    expect(config.BOARD_TOP_N).toBe(10);
    expect(config.SEED_DEMO).toBe(true);
    expect(config.generated.sort()).toEqual(['ADMIN_KEY', 'AUTH_SECRET']);
    expect(config.adminKey.length).toBeGreaterThanOrEqual(16);
    expect(config.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).authSecret).not.toBe(config.authSecret);
  });

  it('requires ADMIN_KEY and AUTH_SECRET with REDIS_URL, and lists both at once', () => {
    const found = problems({ REDIS_URL: 'redis://127.0.0.1:6380' });
    expect(found.join('\n')).toMatch(/ADMIN_KEY is required/);
    expect(found.join('\n')).toMatch(/AUTH_SECRET is required/);
  });

  describe('Redis: one server or a cluster', () => {
    const secrets = { ADMIN_KEY: 'k'.repeat(16), AUTH_SECRET: 's'.repeat(32) };

    it('reads REDIS_CLUSTER_NODES as the seeds of a cluster, waiting for one replica by default', () => {
      const config = loadConfig({ ...secrets, REDIS_CLUSTER_NODES: 'redis-1:7000,10.0.0.2:7001' });
      expect(config.embedded).toBe(false);
      expect(config.redisTarget).toEqual({
        cluster: [
          { host: 'redis-1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
        ],
        natMap: undefined,
      });
      expect(config.durability).toEqual({ minReplicas: 1, timeoutMs: 200 });
      expect(config.SEED_DEMO).toBe(false);
    });

    it('waits for no replica on one Redis unless told, and takes the NAT map and the timeout', () => {
      expect(loadConfig({ ...secrets, REDIS_URL: 'redis://r:6379' }).durability).toEqual({
        minReplicas: 0,
        timeoutMs: 200,
      });
      const config = loadConfig({
        ...secrets,
        REDIS_CLUSTER_NODES: '127.0.0.1:7000',
        REDIS_CLUSTER_NAT_MAP: '172.18.0.2:6379=127.0.0.1:7000',
        REDIS_MIN_REPLICAS: '2',
        REDIS_REPLICA_TIMEOUT_MS: '500',
      });
      expect(config.redisTarget).toEqual({
        cluster: [{ host: '127.0.0.1', port: 7000 }],
        natMap: { '172.18.0.2:6379': { host: '127.0.0.1', port: 7000 } },
      });
      expect(config.durability).toEqual({ minReplicas: 2, timeoutMs: 500 });
    });

    it('refuses both REDIS_URL and REDIS_CLUSTER_NODES, and malformed seeds or map', () => {
      const both = problems({ ...secrets, REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'r:7000' });
      expect(both).toEqual(['REDIS_URL and REDIS_CLUSTER_NODES are both set: one Redis or a cluster, not both']);
      const bad = problems({ ...secrets, REDIS_CLUSTER_NODES: 'r7000', REDIS_CLUSTER_NAT_MAP: 'a:1' });
      expect(bad.join('\n')).toMatch(/REDIS_CLUSTER_NODES must be host:port pairs/);
      expect(bad.join('\n')).toMatch(/REDIS_CLUSTER_NAT_MAP must be host:port=host:port pairs/);
    });

    it('requires the shared secrets with a cluster too', () => {
      const found = problems({ REDIS_CLUSTER_NODES: 'r:7000' });
      expect(found.join('\n')).toMatch(/ADMIN_KEY is required/);
      expect(found.join('\n')).toMatch(/AUTH_SECRET is required/);
    });
  });

  it('lists every bad value in one error', () => {
    const found = problems({
      PORT: 'eighty',
      TALLY_INTERVAL_MS: '5',
      BOARD_TOP_N: '0',
      CORS_ORIGINS: 'not a url',
      REDIS_URL: 'http://x',
      AUTH_SECRET: 'short',
    });
    for (const name of ['PORT', 'TALLY_INTERVAL_MS', 'BOARD_TOP_N', 'CORS_ORIGINS', 'REDIS_URL', 'AUTH_SECRET']) {
      expect(found.some((p) => p.includes(name))).toBe(true);
    }
  });

  it('reads numbers, CORS origins and SEED_DEMO from strings', () => {
    const config = loadConfig({
      PORT: '8080',
      REDIS_URL: 'redis://127.0.0.1:6380',
      ADMIN_KEY: 'a'.repeat(16),
      AUTH_SECRET: 's'.repeat(32),
      CORS_ORIGINS: 'https://a.example,http://b.example:8080',
      NODE_ID: 'node-1',
    });
    expect(config.PORT).toBe(8080);
    expect(config.embedded).toBe(false);
    expect(config.SEED_DEMO).toBe(false);
    expect(config.generated).toEqual([]);
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({}).corsOrigins).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });

  it('takes a listen backlog, 4096 unless told', () => {
    expect(loadConfig({}).LISTEN_BACKLOG).toBe(4096);
    expect(loadConfig({ LISTEN_BACKLOG: '16384' }).LISTEN_BACKLOG).toBe(16384);
    for (const bad of ['0', '70000', 'many']) {
      expect(problems({ LISTEN_BACKLOG: bad }).some((p) => p.includes('LISTEN_BACKLOG'))).toBe(true);
    }
  });

  it('keeps the drain window inside the shutdown grace period', () => {
    const config = loadConfig({});
    expect([config.SHUTDOWN_GRACE_MS, config.DRAIN_RECONNECT_MS]).toEqual([10_000, 5000]);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '3000', DRAIN_RECONNECT_MS: '0' }).DRAIN_RECONNECT_MS).toBe(0);
    expect(problems({ SHUTDOWN_GRACE_MS: '6000', DRAIN_RECONNECT_MS: '5500' })).toEqual([
      'DRAIN_RECONNECT_MS must be at least 1000 below SHUTDOWN_GRACE_MS',
    ]);
    expect(problems({ SHUTDOWN_GRACE_MS: '500' }).some((p) => p.includes('SHUTDOWN_GRACE_MS'))).toBe(true);
  });
  it('reads TRUST_PROXY as Express takes it, and refuses what is not a proxy list', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(problems({ TRUST_PROXY: 'nginx' }).join('\n')).toMatch(/TRUST_PROXY/);
    const found = problems({ JOIN_IP_LIMIT: '0', SOCKETS_PER_IP: 'many', ADMISSION_LAG_MS: '-1' }).join('\n');
    for (const name of ['JOIN_IP_LIMIT', 'SOCKETS_PER_IP', 'ADMISSION_LAG_MS']) expect(found).toContain(name);
  });
});
