import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { DtoValidationPipe } from '../realtime/dto-validation.pipe.js';
import { ok, type Ack } from '../common/errors.js';
import { CrashService } from './crash.service.js';
import type { AuditEntry, Board, Entry, Result } from './crash.types.js';
import { AuditQueryDto, EntryDto, FreezeDto, ResultDto, VoidDto } from './dto/crash.dto.js';

@WebSocketGateway()
@UseFilters(AckExceptionFilter)
@UseGuards(RolesGuard)
@UsePipes(DtoValidationPipe)
export class CrashGateway {
  constructor(private readonly crash: CrashService) {}

  @Roles('operator')
  @SubscribeMessage('crash:entry')
  async entry(@CurrentIdentity() identity: Identity, @MessageBody() dto: EntryDto): Promise<Ack<Entry>> {
    return ok(await this.crash.upsertEntry(identity, dto));
  }

  @Roles('operator')
  @SubscribeMessage('crash:result')
  async result(@CurrentIdentity() identity: Identity, @MessageBody() dto: ResultDto): Promise<Ack<Result>> {
    return ok(await this.crash.result(identity, dto));
  }

  @Roles('operator')
  @SubscribeMessage('crash:void')
  async void(@CurrentIdentity() identity: Identity, @MessageBody() dto: VoidDto): Promise<Ack<Result>> {
    return ok(await this.crash.voidResult(identity, dto.resultId));
  }

  @Roles('operator')
  @SubscribeMessage('crash:freeze')
  async freeze(@CurrentIdentity() identity: Identity, @MessageBody() dto: FreezeDto): Promise<Ack<Board>> {
    return ok(await this.crash.freeze(identity, dto.frozen));
  }

  @Roles('operator')
  @SubscribeMessage('crash:audit')
  async audit(@CurrentIdentity() identity: Identity, @MessageBody() dto: AuditQueryDto): Promise<Ack<AuditEntry[]>> {
    return ok(await this.crash.audit(identity.eventId, dto.resultId));
  }

  @Roles('audience')
  @SubscribeMessage('crash:standing')
  async standing(@CurrentIdentity() identity: Identity): Promise<Ack<{ points: number; rank: number | null }>> {
    return ok(await this.crash.standing(identity));
  }
}
