import { createHash, createHmac, createSecretKey, randomFillSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AppError } from '../common/errors.js';
import { ROLES, type Identity, type Role } from './identity.js';

const ISSUER = 'summit-live';

interface Claims {
  sub: string;
  role: Role;
  ev: string;
  name?: string;
  country?: string;
  locale?: string;
  koc?: boolean;
  /** The event's generation at the join (absent: 0). */
  gen?: number;
}

/** Random bytes drawn in blocks: one getrandom call per 1,024 ids instead of one per id. */
const ID_BYTES = 9;
const pool = Buffer.alloc(ID_BYTES * 1024);
let pooled = pool.length;

export function newId(prefix: string): string {
  if (pooled + ID_BYTES > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const id = pool.toString('base64url', pooled, pooled + ID_BYTES);
  pooled += ID_BYTES;
  return `${prefix}${id}`;
}

/** The header jsonwebtoken writes for HS256, encoded: what every token of ours starts with. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function hs256(secret: string | KeyObject, signingInput: string): string {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

/** A JSON object from base64url, or null. */
function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The claims of an HS256 JWT signed with `key` by `issuer` (what jsonwebtoken's verify checks with
 * `algorithms: ['HS256']`: the algorithm, the signature, nbf, exp, the issuer), or null. Done here
 * with one HMAC: jsonwebtoken's layers (jws streams, key checks) were most of a join's token cost.
 */
export function verifyHs256(token: string, key: string | KeyObject, issuer: string): Record<string, unknown> | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || token.indexOf('.', second + 1) !== -1) return null;
  const header = token.slice(0, first);
  if (header !== HS256_HEADER && decodePart(header)?.alg !== 'HS256') return null;
  const expected = Buffer.from(hs256(key, token.slice(0, second)));
  const given = Buffer.from(token.slice(second + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = decodePart(token.slice(first + 1, second));
  if (!claims) return null;
  const now = Math.floor(Date.now() / 1000);
  const { nbf, exp } = claims;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) return null;
  if (exp !== undefined && (typeof exp !== 'number' || now >= exp)) return null;
  return claims.iss === issuer ? claims : null;
}

/** A token this node signed, with what `verify` would make of it. */
interface Signed {
  identity: Identity;
  /** Seconds since the epoch: refused from then on, as the `exp` claim. */
  exp: number;
}

/** Tokens a generation of the recently signed holds at most (two generations are kept). */
const RECENT = 4096;

/** Signs and checks the tokens that carry identities (HS256, shared AUTH_SECRET across nodes). */
@Injectable()
export class TokenService {
  /** The secret made a key once, not on every token (jsonwebtoken once tried it as a PEM key each time). */
  private readonly key: KeyObject;
  /**
   * Tokens this node signed lately: a socket that connects right after its join (most of a crowd
   * arriving) is let in without a second HMAC. A token found here is byte for byte one this node
   * made with the key, so its signature holds; its expiry is still checked. Two generations of
   * at most RECENT each (a few MB at most, nothing to sweep); a miss is the full check.
   */
  private recent = new Map<string, Signed>();
  private older = new Map<string, Signed>();

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.authSecret, 'utf8'));
  }

  sign(identity: Identity, ttlSeconds = this.config.TOKEN_TTL): string {
    const iat = Math.floor(Date.now() / 1000);
    const claims = claimsOf(identity);
    const token = signClaims(claims, this.key, iat, ttlSeconds);
    if (this.recent.size >= RECENT) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(token, { identity: identityOf(claims), exp: iat + ttlSeconds });
    return token;
  }

  isAdminKey(given: string): boolean {
    const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(given), digest(this.config.adminKey));
  }

  /** The identity of a token; UNAUTHORIZED when missing, forged, expired or malformed. */
  verify(token: unknown): Identity {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new AppError('UNAUTHORIZED', 'A token is required');
    }
    const signed = this.recent.get(token) ?? this.older.get(token);
    if (signed) {
      if (Math.floor(Date.now() / 1000) >= signed.exp) {
        throw new AppError('UNAUTHORIZED', 'The token is not valid or has expired');
      }
      return signed.identity;
    }
    const claims = verifyHs256(token, this.key, ISSUER);
    if (!claims) throw new AppError('UNAUTHORIZED', 'The token is not valid or has expired');
    const c = claims as Partial<Claims>;
    if (typeof c.sub !== 'string' || typeof c.ev !== 'string' || !ROLES.includes(c.role as Role)) {
      throw new AppError('UNAUTHORIZED', 'The token is not valid');
    }
    return identityOf(c as Claims);
  }
}

function claimsOf(identity: Identity): Claims {
  const claims: Claims = { sub: identity.id, role: identity.role, ev: identity.eventId };
  if (identity.name !== null) claims.name = identity.name;
  if (identity.country !== null) claims.country = identity.country;
  if (identity.locale !== null) claims.locale = identity.locale;
  if (identity.koc) claims.koc = true;
  if (identity.generation) claims.gen = identity.generation;
  return claims;
}

/** The identity verified claims carry (absent optional claims: null, false, no generation). */
function identityOf(c: Claims): Identity {
  return {
    role: c.role,
    eventId: c.ev,
    id: c.sub,
    name: c.name ?? null,
    country: c.country ?? null,
    locale: c.locale ?? null,
    koc: c.koc === true,
    ...(typeof c.gen === 'number' && c.gen > 0 ? { generation: c.gen } : {}),
  };
}

/** The token jsonwebtoken's sign makes (same header, iat, exp and iss claims), with one HMAC. */
function signClaims(claims: Claims, secret: string | KeyObject, iat: number, ttlSeconds: number): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds, iss: ISSUER })).toString(
    'base64url',
  );
  const signingInput = `${HS256_HEADER}.${payload}`;
  return `${signingInput}.${hs256(secret, signingInput)}`;
}

/** Also used by the token CLI, which has no Nest container. */
export function signToken(identity: Identity, secret: string | KeyObject, ttlSeconds: number): string {
  return signClaims(claimsOf(identity), secret, Math.floor(Date.now() / 1000), ttlSeconds);
}
