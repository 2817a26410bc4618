import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { MergeBodyDto, ModerateBodyDto, QuestionFilterDto, SettingsDto } from './dto/qa.dto.js';
import { QaService } from './qa.service.js';
import { questionsCsv } from './questions-csv.js';
import type { OperatorQuestion } from './question.types.js';

/** The operators' forum over HTTP: the moderation queue, moderation, merges, the export. */
@Controller('api/events/:id')
@UseGuards(RolesGuard)
@Roles('operator')
export class QaController {
  constructor(private readonly qa: QaService) {}

  @Get('questions')
  list(@CurrentIdentity() identity: Identity, @Query() filter: QuestionFilterDto): Promise<OperatorQuestion[]> {
    return this.qa.list(identity.eventId, filter);
  }

  @Get('questions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentIdentity() identity: Identity, @Query() filter: QuestionFilterDto): Promise<string> {
    return questionsCsv(await this.qa.list(identity.eventId, filter));
  }

  @Post('questions/:questionId/moderate')
  @HttpCode(200)
  moderate(
    @CurrentIdentity() identity: Identity,
    @Param('questionId') questionId: string,
    @Body() dto: ModerateBodyDto,
  ): Promise<OperatorQuestion> {
    return this.qa.moderate(identity, questionId, dto.action, dto.answer);
  }

  @Post('questions/:questionId/merge')
  @HttpCode(200)
  merge(
    @CurrentIdentity() identity: Identity,
    @Param('questionId') questionId: string,
    @Body() dto: MergeBodyDto,
  ): Promise<OperatorQuestion> {
    return this.qa.merge(identity, questionId, dto.intoId);
  }

  @Post('forum/settings')
  @HttpCode(200)
  settings(@CurrentIdentity() identity: Identity, @Body() dto: SettingsDto): Promise<{ moderation: boolean }> {
    return this.qa.setModeration(identity, dto.moderation);
  }
}
