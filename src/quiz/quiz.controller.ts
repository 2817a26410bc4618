import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiCsv, ApiEventId, ApiItemId, ApiRoute } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { QuizService } from './quiz.service.js';
import { quizResultsCsv } from './results-csv.js';

/** The quiz's results for the operators' records. */
@ApiTags('quiz')
@ApiEventId()
@Controller('api/events/:id/quizzes')
@UseGuards(RolesGuard)
@Roles('operator')
export class QuizController {
  constructor(private readonly quiz: QuizService) {}

  @Get(':quizId/results.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiRoute({ summary: "A quiz's results as CSV", access: ['operator'], errors: [[404, 'NOT_FOUND: no such quiz']] })
  @ApiItemId('quizId', 'The quiz')
  @ApiCsv('One row per person (docs/protocol.md, section 10)')
  async csv(@CurrentIdentity() identity: Identity, @Param('quizId') quizId: string): Promise<string> {
    return quizResultsCsv(await this.quiz.results(identity.eventId, quizId));
  }
}
