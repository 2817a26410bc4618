import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { Command } from '../realtime/command.js';
import { ok, type Ack } from '../common/errors.js';
import { CrashService } from './crash.service.js';
import type { AuditEntry, Board, Entry, Result } from './crash.types.js';
import { AuditQueryDto, EntryDto, FreezeDto, ResultDto, VoidDto } from './dto/crash.dto.js';

/** Its socket commands (CommandRouter checks roles and payloads before each). */
@Injectable()
export class CrashGateway {
  constructor(private readonly crash: CrashService) {}

  @Roles('operator')
  @Command('crash:entry')
  async entry(identity: Identity, dto: EntryDto): Promise<Ack<Entry>> {
    return ok(await this.crash.upsertEntry(identity, dto));
  }

  @Roles('operator')
  @Command('crash:result')
  async result(identity: Identity, dto: ResultDto): Promise<Ack<Result>> {
    return ok(await this.crash.result(identity, dto));
  }

  @Roles('operator')
  @Command('crash:void')
  async void(identity: Identity, dto: VoidDto): Promise<Ack<Result>> {
    return ok(await this.crash.voidResult(identity, dto.resultId));
  }

  @Roles('operator')
  @Command('crash:freeze')
  async freeze(identity: Identity, dto: FreezeDto): Promise<Ack<Board>> {
    return ok(await this.crash.freeze(identity, dto.frozen));
  }

  @Roles('operator')
  @Command('crash:audit')
  async audit(identity: Identity, dto: AuditQueryDto): Promise<Ack<AuditEntry[]>> {
    return ok(await this.crash.audit(identity.eventId, dto.resultId));
  }

  @Roles('audience')
  @Command('crash:standing')
  async standing(identity: Identity): Promise<Ack<{ points: number; rank: number | null }>> {
    return ok(await this.crash.standing(identity));
  }
}
