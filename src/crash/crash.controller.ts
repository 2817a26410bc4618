import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiEventId, ApiItemId, ApiRoute, BODY_ERRORS, protocolObject } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { SnapshotReadLimit } from '../limits/limit.interceptors.js';
import { CrashService } from './crash.service.js';
import type { AuditEntry, Board, Entry, Result } from './crash.types.js';
import { AuditQueryDto, EntryDto, FreezeDto, ResultDto } from './dto/crash.dto.js';

/** The crash challenge over HTTP: stage staff push results from a laptop script or a spreadsheet. */
@ApiTags('crash challenge')
@ApiEventId()
@Controller('api/events/:id/crash')
@UseGuards(RolesGuard)
export class CrashController {
  constructor(private readonly crash: CrashService) {}

  @Post('entries')
  @HttpCode(200)
  @Roles('operator')
  @ApiRoute({
    summary: 'Add or update an entry (car)',
    description: 'As `crash:entry`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, 409],
  })
  @ApiOkResponse({ description: 'The entry', schema: protocolObject('Entry', 'section 6') })
  entry(@CurrentIdentity() identity: Identity, @Body() dto: EntryDto): Promise<Entry> {
    return this.crash.upsertEntry(identity, dto);
  }

  @Post('results')
  @HttpCode(200)
  @Roles('operator')
  @ApiRoute({
    summary: 'Push a crash-test result',
    description: 'As `crash:result`: the same `id` again amends (or, with the same content, does nothing).',
    access: ['operator'],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such entry'], 409],
  })
  @ApiOkResponse({ description: 'The result', schema: protocolObject('Result', 'section 6') })
  result(@CurrentIdentity() identity: Identity, @Body() dto: ResultDto): Promise<Result> {
    return this.crash.result(identity, dto);
  }

  @Post('results/:resultId/void')
  @HttpCode(200)
  @Roles('operator')
  @ApiRoute({
    summary: 'Void a result',
    description: 'As `crash:void`.',
    access: ['operator'],
    errors: [400, [404, 'NOT_FOUND: no such result'], 409],
  })
  @ApiItemId('resultId', 'The result')
  @ApiOkResponse({ description: 'The voided result', schema: protocolObject('Result', 'section 6') })
  void(@CurrentIdentity() identity: Identity, @Param('resultId') resultId: string): Promise<Result> {
    return this.crash.voidResult(identity, resultId);
  }

  @Post('freeze')
  @HttpCode(200)
  @Roles('operator')
  @ApiRoute({
    summary: 'Freeze or unfreeze the board',
    description: 'As `crash:freeze`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, 409],
  })
  @ApiOkResponse({ description: 'The board', schema: protocolObject('Board', 'section 6') })
  freeze(@CurrentIdentity() identity: Identity, @Body() dto: FreezeDto): Promise<Board> {
    return this.crash.freeze(identity, dto.frozen);
  }

  /** Operators: the whole live board; audience and screens: what they are shown. */
  @Get('board')
  @UseInterceptors(SnapshotReadLimit)
  @ApiRoute({
    summary: 'The board',
    description: 'Operators: the whole live board; audience and screens: what they are shown.',
    access: ['audience', 'operator', 'screen'],
    errors: [429],
  })
  @ApiOkResponse({ description: 'The board as that role sees it', schema: protocolObject('Board', 'section 6') })
  board(@CurrentIdentity() identity: Identity): Promise<Board> {
    return this.crash.board(identity);
  }

  @Get('audit')
  @Roles('operator')
  @ApiRoute({ summary: 'The audit trail of results', access: ['operator'], errors: [400] })
  @ApiOkResponse({
    description: 'Newest first',
    schema: { type: 'array', items: protocolObject('AuditEntry', 'section 6') },
  })
  audit(@CurrentIdentity() identity: Identity, @Query() query: AuditQueryDto): Promise<AuditEntry[]> {
    return this.crash.audit(identity.eventId, query.resultId);
  }
}
