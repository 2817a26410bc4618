import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { finalize, type Observable } from 'rxjs';
import type { Identity } from '../auth/identity.js';
import { Admission } from './admission.js';
import { ClientAddress } from './client-address.js';
import { CommandLimits } from './command-limits.js';
import { IpLimits } from './ip-limits.js';

/**
 * The join route's gate: admission control first (no I/O), then the joins per address (one Redis
 * round trip). Refused: 429 with Retry-After and the RATE_LIMITED body, before the body is checked.
 */
@Injectable()
export class JoinAdmission implements NestInterceptor {
  constructor(
    private readonly admission: Admission,
    private readonly addresses: ClientAddress,
    private readonly ipLimits: IpLimits,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const refused = this.admission.enter(this.admission.joins);
    if (refused) throw refused;
    const leave = (): void => this.admission.joins.leave();
    try {
      await this.ipLimits.join(this.addresses.of(context.switchToHttp().getRequest<Request>()));
    } catch (err) {
      leave();
      throw err;
    }
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
