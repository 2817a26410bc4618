import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';

/** "1", "true", "false", or a list of IPs/CIDRs and proxy-addr's names. */
const TRUST_PROXY =
  /^(|true|false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*)$/;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** One Redis (`REDIS_URL`) or a Redis Cluster's seed nodes (`REDIS_CLUSTER_NODES`). */
export type RedisTarget = { url: string } | { cluster: HostPort[]; natMap: Record<string, HostPort> | undefined };
export interface HostPort {
  host: string;
  port: number;
}
/** An ok ack waits until `minReplicas` replicas have the write, at most `timeoutMs`. */
export interface Durability {
  minReplicas: number;
  timeoutMs: number;
}

function hostPort(pair: string): HostPort {
  const at = pair.lastIndexOf(':');
  return { host: pair.slice(0, at), port: Number(pair.slice(at + 1)) };
}

function natMap(value: string | undefined): Record<string, HostPort> | undefined {
  if (value === undefined) return undefined;
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('='))
      .map(([from, to]) => [from, hostPort(to)]),
  );
}

/** The environment, validated once at start. Names are the environment variables. */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /**
   * The listen queue: connections the kernel has completed and holds until the node accepts them
   * (a connect storm arrives faster than a busy event loop accepts). The kernel caps it at
   * net.core.somaxconn; Node's default is 511.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  LISTEN_BACKLOG = 4096;

  /** Unset: embedded mode (one process, in-memory stores). Set: Redis is the shared source of truth. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Seed nodes of a Redis Cluster (`host:port,host:port,...`): cluster mode. Not with REDIS_URL. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas',
  })
  REDIS_CLUSTER_NODES?: string;

  /** Addresses the cluster's nodes announce -> where this node reaches them (`a:p=b:q,...`): ioredis natMap. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^[^\s,=]+:\d{1,5}=[^\s,=]+:\d{1,5}(,[^\s,=]+:\d{1,5}=[^\s,=]+:\d{1,5})*$/, {
    message: 'REDIS_CLUSTER_NAT_MAP must be host:port=host:port pairs separated by commas',
  })
  REDIS_CLUSTER_NAT_MAP?: string;

  /** Replicas that must hold a write before it is acked ok (Redis WAIT). Default: 1 on a cluster, 0 on one Redis. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  REDIS_MIN_REPLICAS?: number;

  /** How long an ack waits for REDIS_MIN_REPLICAS before it answers UNAVAILABLE. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(5000)
  REDIS_REPLICA_TIMEOUT_MS = 200;

  @Transform(blankToUndefined)
  @ValidateIf((c: AppConfig) => !c.embedded || c.ADMIN_KEY !== undefined)
  @IsString({ message: 'ADMIN_KEY is required with Redis (REDIS_URL or REDIS_CLUSTER_NODES)' })
  @MinLength(16, { message: 'ADMIN_KEY must be at least 16 characters' })
  ADMIN_KEY?: string;

  @Transform(blankToUndefined)
  @ValidateIf((c: AppConfig) => !c.embedded || c.AUTH_SECRET !== undefined)
  @IsString({ message: 'AUTH_SECRET is required with Redis (REDIS_URL or REDIS_CLUSTER_NODES)' })
  @MinLength(32, { message: 'AUTH_SECRET must be at least 32 characters' })
  AUTH_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(10000)
  TALLY_INTERVAL_MS = 250;

  /** Counters to the audience's phones (thousands of sockets) at most this often; staff at TALLY_INTERVAL_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(60000)
  AUDIENCE_INTERVAL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  BOARD_TOP_N = 10;

  /** A quiz's country with fewer players than this (who answered at least once) is not ranked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  QUIZ_COUNTRY_MIN = 3;

  /** Questions one person may ask per minute (KOC forum flood limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  QA_ASK_LIMIT = 3;

  /** Upvotes and unvotes one person may send per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  QA_UPVOTE_LIMIT = 60;

  /** Audience commands of one person, per second, on one node (token bucket refill). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  COMMAND_RATE = 10;

  /** Audience commands one person may send at once before COMMAND_RATE applies. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  COMMAND_BURST = 30;

  /** Snapshots (state:sync, GET state and board) one audience member may ask for per minute, per node. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SYNC_LIMIT = 20;

  /** Joins per client address per minute (cluster-wide with Redis). A hall behind one NAT is one address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  JOIN_IP_LIMIT = 3000;

  /** Sockets open at once from one client address, per node. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SOCKETS_PER_IP = 5000;

  /** Admission control: joins being answered at once on this node; beyond it, 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  JOINS_IN_FLIGHT = 500;

  /** Admission control: socket handshakes (up to the snapshot) at once on this node; beyond it, RATE_LIMITED. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HANDSHAKES_IN_FLIGHT = 500;

  /** Admission control: event-loop delay (p90 over the last second, ms) above which joins and handshakes wait; 0: off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  ADMISSION_LAG_MS = 500;

  /**
   * Which proxies may name the client's address (X-Forwarded-For): empty or "false" (none: the
   * peer is the client), a hop count ("1": the nginx in front), "true" (any), or addresses/CIDRs
   * and loopback, linklocal, uniquelocal, comma-separated.
   */
  @IsString()
  @Matches(TRUST_PROXY, {
    message: 'TRUST_PROXY must be empty, true, false, a hop count, or comma-separated addresses/CIDRs',
  })
  TRUST_PROXY = '';

  /** Token lifetime in seconds; the default covers a two-day summit. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(60 * 60 * 24 * 30)
  TOKEN_TTL = 60 * 60 * 48;

  /**
   * Events that ended (POST /api/events/{id}/end) more than this many days ago are deleted, with
   * all their data, by a sweep at start and every hour. Unset: events are kept until deleted.
   */
  @Transform((arg) => toInt({ value: blankToUndefined(arg) }))
  @IsOptional()
  @IsInt({ message: 'EVENT_RETENTION_DAYS must be a whole number of days (1 or more), or unset' })
  @Min(1, { message: 'EVENT_RETENTION_DAYS must be a whole number of days (1 or more), or unset' })
  @Max(36_500)
  EVENT_RETENTION_DAYS?: number;

  /** SIGTERM to exit: the whole graceful shutdown (drain, in-flight commands, closing) fits in it. */
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 10_000;

  /** On shutdown, clients are told to reconnect elsewhere at a random moment within this window. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  DRAIN_RECONNECT_MS = 5000;

  /** Comma-separated origins allowed by CORS, or "*". Empty: same origin only. */
  @IsString()
  @Matches(/^(\*|(https?:\/\/[^,\s]+)(,https?:\/\/[^,\s]+)*)?$/, {
    message: 'CORS_ORIGINS must be "*" or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS = '';

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'NODE_ID must be 1-64 of A-Z a-z 0-9 . _ -' })
  NODE_ID = `${hostname()}-${process.pid}`;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL = 'info';

  /** One JSON object per line (for a log pipeline) or Nest's coloured text. Default: json with Redis, text embedded. */
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: 'json' | 'text';

  /** Socket.IO Redis adapter: sharded pub/sub (Redis 7+, stays on one shard in Redis Cluster) or classic. */
  @IsIn(['sharded', 'classic'], { message: 'SOCKET_ADAPTER must be sharded or classic' })
  SOCKET_ADAPTER: 'sharded' | 'classic' = 'sharded';

  /** Seed the demo event at start. Default: on in embedded mode, off with Redis. */
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsOptional()
  @IsBoolean({ message: 'SEED_DEMO must be true, false, 1 or 0' })
  SEED_DEMO?: boolean;

  /** Set when ADMIN_KEY or AUTH_SECRET were generated (embedded mode): printed at start. */
  generated: string[] = [];

  get embedded(): boolean {
    return this.REDIS_URL === undefined && this.REDIS_CLUSTER_NODES === undefined;
  }

  /** Where Redis is, when it is: one server, or a cluster's seeds (with the NAT map, if any). */
  get redisTarget(): RedisTarget | null {
    if (this.REDIS_URL !== undefined) return { url: this.REDIS_URL };
    if (this.REDIS_CLUSTER_NODES === undefined) return null;
    return { cluster: this.REDIS_CLUSTER_NODES.split(',').map(hostPort), natMap: natMap(this.REDIS_CLUSTER_NAT_MAP) };
  }

  /** REDIS_MIN_REPLICAS with its default, and the wait for them. */
  get durability(): Durability {
    const minReplicas = this.REDIS_MIN_REPLICAS ?? (this.REDIS_CLUSTER_NODES === undefined ? 0 : 1);
    return { minReplicas, timeoutMs: this.REDIS_REPLICA_TIMEOUT_MS };
  }

  get corsOrigins(): string[] | '*' | false {
    if (this.CORS_ORIGINS === '') return false;
    return this.CORS_ORIGINS === '*' ? '*' : this.CORS_ORIGINS.split(',');
  }

  /** TRUST_PROXY as Express's `trust proxy` setting takes it (a number is a hop count). */
  get trustProxy(): boolean | number | string[] {
    const value = this.TRUST_PROXY.trim();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    return /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim());
  }

  get adminKey(): string {
    return this.ADMIN_KEY as string;
  }

  get authSecret(): string {
    return this.AUTH_SECRET as string;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN = [
  'PORT',
  'HOST',
  'LISTEN_BACKLOG',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_CLUSTER_NAT_MAP',
  'REDIS_MIN_REPLICAS',
  'REDIS_REPLICA_TIMEOUT_MS',
  'ADMIN_KEY',
  'AUTH_SECRET',
  'TALLY_INTERVAL_MS',
  'AUDIENCE_INTERVAL_MS',
  'BOARD_TOP_N',
  'QUIZ_COUNTRY_MIN',
  'TOKEN_TTL',
  'QA_ASK_LIMIT',
  'QA_UPVOTE_LIMIT',
  'COMMAND_RATE',
  'COMMAND_BURST',
  'SYNC_LIMIT',
  'JOIN_IP_LIMIT',
  'SOCKETS_PER_IP',
  'JOINS_IN_FLIGHT',
  'HANDSHAKES_IN_FLIGHT',
  'ADMISSION_LAG_MS',
  'TRUST_PROXY',
  'CORS_ORIGINS',
  'NODE_ID',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'SOCKET_ADAPTER',
  'SEED_DEMO',
  'SHUTDOWN_GRACE_MS',
  'DRAIN_RECONNECT_MS',
  'EVENT_RETENTION_DAYS',
] as const;

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
}

/** Reads the environment, lists every problem at once, fills in embedded-mode secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = env[key];
    if (value !== undefined) raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const problems = flatten(validateSync(config, { forbidUnknownValues: true }));
  // In-flight commands and closing need time after the drain window.
  if (config.DRAIN_RECONNECT_MS > config.SHUTDOWN_GRACE_MS - 1000) {
    problems.push('DRAIN_RECONNECT_MS must be at least 1000 below SHUTDOWN_GRACE_MS');
  }
  if (config.REDIS_URL !== undefined && config.REDIS_CLUSTER_NODES !== undefined) {
    problems.push('REDIS_URL and REDIS_CLUSTER_NODES are both set: one Redis or a cluster, not both');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.ADMIN_KEY === undefined) {
    config.ADMIN_KEY = randomBytes(18).toString('base64url');
    config.generated.push('ADMIN_KEY');
  }
  if (config.AUTH_SECRET === undefined) {
    config.AUTH_SECRET = randomBytes(32).toString('base64url');
    config.generated.push('AUTH_SECRET');
  }
  config.SEED_DEMO ??= config.embedded;
  config.LOG_FORMAT ??= config.embedded ? 'text' : 'json';
  return config;
}
