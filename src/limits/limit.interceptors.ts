import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { finalize, type Observable } from 'rxjs';
import type { Identity } from '../auth/identity.js';
import { Admission } from './admission.js';
import { ClientAddress } from './client-address.js';
import { CommandLimits } from './command-limits.js';
import { IpLimits } from './ip-limits.js';

/**
 * The join route's gate: admission control first (no I/O), then the joins per address (one Redis
 * round trip). Refused: throws RATE_LIMITED (429 with Retry-After), before the body is checked.
 * Admitted: returns the function that gives the place back once the join is answered.
 * Shared by JoinAdmission and the lean join route (events/join-route.ts).
 */
export async function admitJoin(
  admission: Admission,
  addresses: ClientAddress,
  ipLimits: IpLimits,
  req: IncomingMessage,
): Promise<() => void> {
  const refused = admission.enter(admission.joins);
  if (refused) throw refused;
  const leave = (): void => admission.joins.leave();
  try {
    await ipLimits.join(addresses.of(req));
  } catch (err) {
    leave();
    throw err;
  }
  return leave;
}

/** admitJoin as the Nest interceptor of the join route. */
@Injectable()
export class JoinAdmission implements NestInterceptor {
  constructor(
    private readonly admission: Admission,
    private readonly addresses: ClientAddress,
    private readonly ipLimits: IpLimits,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const leave = await admitJoin(this.admission, this.addresses, this.ipLimits, req);
    return next.handle().pipe(finalize(leave));
  }
}

/** Snapshot reads over HTTP count against the same per-person budget as `state:sync` on a socket. */
@Injectable()
export class SnapshotReadLimit implements NestInterceptor {
  constructor(private readonly limits: CommandLimits) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // RolesGuard, which runs before interceptors, has put the caller's identity on the request.
    const identity = context.switchToHttp().getRequest<Request & { identity?: Identity }>().identity;
    if (identity) this.limits.check(identity, 'state:sync');
    return next.handle();
  }
}
