import { createHash, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
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
}

export function newId(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('base64url')}`;
}

/** Signs and checks the tokens that carry identities (HS256, shared AUTH_SECRET across nodes). */
@Injectable()
export class TokenService {
  /**
   * Given a string, jsonwebtoken first tries it as a PEM key and builds the secret key from the
   * exception: that try was a quarter of a node's CPU in a join storm. A KeyObject skips it.
   */
  private readonly key: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.authSecret, 'utf8'));
  }

  sign(identity: Identity, ttlSeconds = this.config.TOKEN_TTL): string {
    return signToken(identity, this.key, ttlSeconds);
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
    let claims: unknown;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER });
    } catch {
      throw new AppError('UNAUTHORIZED', 'The token is not valid or has expired');
    }
    const c = claims as Partial<Claims>;
    if (typeof c.sub !== 'string' || typeof c.ev !== 'string' || !ROLES.includes(c.role as Role)) {
      throw new AppError('UNAUTHORIZED', 'The token is not valid');
    }
    return {
      role: c.role as Role,
      eventId: c.ev,
      id: c.sub,
      name: c.name ?? null,
      country: c.country ?? null,
      locale: c.locale ?? null,
      koc: c.koc === true,
    };
  }
}

/** Also used by the token CLI, which has no Nest container. */
export function signToken(identity: Identity, secret: string | KeyObject, ttlSeconds: number): string {
  const claims: Claims = { sub: identity.id, role: identity.role, ev: identity.eventId };
  if (identity.name !== null) claims.name = identity.name;
  if (identity.country !== null) claims.country = identity.country;
  if (identity.locale !== null) claims.locale = identity.locale;
  if (identity.koc) claims.koc = true;
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: ISSUER });
}
