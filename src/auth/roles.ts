import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../common/errors.js';
import type { Identity, Role } from './identity.js';
import { TokenService } from './token.service.js';
import { EVENT_DIRECTORY, type EventDirectory } from './event-directory.js';
import { Revocations } from './revocations.js';

export const ROLES_KEY = 'summit:roles';

/** The roles allowed to send a command (socket) or call a route (HTTP). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

type IdentifiedRequest = Request & { identity?: Identity };

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * HTTP routes: the Bearer token, which must belong to the event of the route's `:id`, and that event
 * must exist; then the role must be one that @Roles allows. (Socket commands: CommandRouter checks
 * the same @Roles against the identity of the handshake.)
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly modules: ModuleRef,
    private readonly revocations: Revocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const identity = this.httpIdentity(context);
    // As at the handshake: a rightly signed token of an event that does not exist gets nowhere
    // (the token CLI signs any event id), rather than writing into an event nobody created.
    // Looked up lazily: the events module, which provides it, imports this one.
    const events = this.modules.get<symbol, EventDirectory>(EVENT_DIRECTORY, { strict: false });
    const event = await events.get(identity.eventId);
    if (!event) throw new AppError('UNAUTHORIZED', 'The token names an event that does not exist');
    // An erased person's token, or one from before a reset, is refused on every route at once.
    if (await this.revocations.isRevoked(identity, event)) {
      throw new AppError('UNAUTHORIZED', 'This token is no longer valid');
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed && !allowed.includes(identity.role)) {
      throw new AppError('FORBIDDEN', `This is not allowed for the ${identity.role} role`);
    }
    return true;
  }

  private httpIdentity(context: ExecutionContext): Identity {
    const req = context.switchToHttp().getRequest<IdentifiedRequest>();
    const identity = this.tokens.verify(bearer(req));
    const eventId = req.params.id;
    if (typeof eventId === 'string' && eventId !== identity.eventId) {
      throw new AppError('FORBIDDEN', 'The token belongs to another event');
    }
    req.identity = identity;
    return identity;
  }
}

/** The caller's identity, on routes guarded by RolesGuard. */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Identity => {
  const identity = context.switchToHttp().getRequest<IdentifiedRequest>().identity;
  if (!identity) throw new AppError('UNAUTHORIZED', 'Not authenticated');
  return identity;
});

/** Admin routes: `Authorization: Bearer <ADMIN_KEY>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const given = bearer(context.switchToHttp().getRequest<Request>());
    if (given === undefined || !this.tokens.isAdminKey(given)) {
      throw new AppError('UNAUTHORIZED', 'The admin key is required');
    }
    return true;
  }
}

/** Routes of an event that the admin key may call too (`POST /api/events/{id}/end`): else as RolesGuard. */
@Injectable()
export class AdminOrRolesGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly roles: RolesGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const given = bearer(context.switchToHttp().getRequest<Request>());
    if (given !== undefined && this.tokens.isAdminKey(given)) return true;
    return this.roles.canActivate(context);
  }
}
