import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiCsv, ApiEventId, ApiItemId, ApiRoute, BODY_ERRORS, protocolObject } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { MergeBodyDto, ModerateBodyDto, QuestionFilterDto, SettingsDto } from './dto/qa.dto.js';
import { QaService } from './qa.service.js';
import { questionsCsv } from './questions-csv.js';
import type { OperatorQuestion } from './question.types.js';

/** The operators' forum over HTTP: the moderation queue, moderation, merges, the export. */
@ApiTags('forum')
@ApiEventId()
@Controller('api/events/:id')
@UseGuards(RolesGuard)
@Roles('operator')
export class QaController {
  constructor(private readonly qa: QaService) {}

  @Get('questions')
  @ApiRoute({ summary: 'The forum in forum order', access: ['operator'], errors: [400] })
  @ApiOkResponse({
    description: 'The questions',
    schema: { type: 'array', items: protocolObject('OperatorQuestion', 'section 5') },
  })
  list(@CurrentIdentity() identity: Identity, @Query() filter: QuestionFilterDto): Promise<OperatorQuestion[]> {
    return this.qa.list(identity.eventId, filter);
  }

  @Get('questions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({ summary: 'The forum as CSV', access: ['operator'], errors: [400] })
  @ApiCsv(
    'Columns `id,status,featured,upvotes,koc,author,country,anonymous,flagged,created_at,lang,text,answer,merged_into`',
  )
  async csv(@CurrentIdentity() identity: Identity, @Query() filter: QuestionFilterDto): Promise<string> {
    return questionsCsv(await this.qa.list(identity.eventId, filter));
  }

  @Post('questions/:questionId/moderate')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Moderate a question',
    description: 'As `qa:moderate`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such question'], 409],
  })
  @ApiItemId('questionId', 'The question')
  @ApiOkResponse({ description: 'The question', schema: protocolObject('OperatorQuestion', 'section 5') })
  moderate(
    @CurrentIdentity() identity: Identity,
    @Param('questionId') questionId: string,
    @Body() dto: ModerateBodyDto,
  ): Promise<OperatorQuestion> {
    return this.qa.moderate(identity, questionId, dto.action, dto.answer);
  }

  @Post('questions/:questionId/merge')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Merge a question into another',
    description: 'As `qa:merge`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such question'], 409],
  })
  @ApiItemId('questionId', 'The question merged away')
  @ApiOkResponse({ description: 'The kept question', schema: protocolObject('OperatorQuestion', 'section 5') })
  merge(
    @CurrentIdentity() identity: Identity,
    @Param('questionId') questionId: string,
    @Body() dto: MergeBodyDto,
  ): Promise<OperatorQuestion> {
    return this.qa.merge(identity, questionId, dto.intoId);
  }

  @Post('forum/settings')
  @HttpCode(200)
  @ApiRoute({
    summary: "The forum's settings",
    description: 'As `qa:settings`.',
    access: ['operator'],
    errors: [...BODY_ERRORS],
  })
  @ApiOkResponse({
    description: 'The settings',
    schema: { type: 'object', properties: { moderation: { type: 'boolean' } }, required: ['moderation'] },
  })
  settings(@CurrentIdentity() identity: Identity, @Body() dto: SettingsDto): Promise<{ moderation: boolean }> {
    return this.qa.setModeration(identity, dto.moderation);
  }
}
