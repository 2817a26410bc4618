import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { SnapshotReadLimit } from '../limits/limit.interceptors.js';
import { CrashService } from './crash.service.js';
import type { AuditEntry, Board, Entry, Result } from './crash.types.js';
import { AuditQueryDto, EntryDto, FreezeDto, ResultDto } from './dto/crash.dto.js';

/** The crash challenge over HTTP: stage staff push results from a laptop script or a spreadsheet. */
@Controller('api/events/:id/crash')
@UseGuards(RolesGuard)
export class CrashController {
  constructor(private readonly crash: CrashService) {}

  @Post('entries')
  @HttpCode(200)
  @Roles('operator')
  entry(@CurrentIdentity() identity: Identity, @Body() dto: EntryDto): Promise<Entry> {
    return this.crash.upsertEntry(identity, dto);
  }

  @Post('results')
  @HttpCode(200)
  @Roles('operator')
  result(@CurrentIdentity() identity: Identity, @Body() dto: ResultDto): Promise<Result> {
    return this.crash.result(identity, dto);
  }

  @Post('results/:resultId/void')
  @HttpCode(200)
  @Roles('operator')
  void(@CurrentIdentity() identity: Identity, @Param('resultId') resultId: string): Promise<Result> {
    return this.crash.voidResult(identity, resultId);
  }

  @Post('freeze')
  @HttpCode(200)
  @Roles('operator')
  freeze(@CurrentIdentity() identity: Identity, @Body() dto: FreezeDto): Promise<Board> {
    return this.crash.freeze(identity, dto.frozen);
  }

  /** Operators: the whole live board; audience and screens: what they are shown. */
  @Get('board')
  @UseInterceptors(SnapshotReadLimit)
  board(@CurrentIdentity() identity: Identity): Promise<Board> {
    return this.crash.board(identity);
  }

  @Get('audit')
  @Roles('operator')
  audit(@CurrentIdentity() identity: Identity, @Query() query: AuditQueryDto): Promise<AuditEntry[]> {
    return this.crash.audit(identity.eventId, query.resultId);
  }
}
