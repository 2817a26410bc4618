import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { QuizService } from './quiz.service.js';
import { quizResultsCsv } from './results-csv.js';

/** The quiz's results for the operators' records. */
@Controller('api/events/:id/quizzes')
@UseGuards(RolesGuard)
@Roles('operator')
export class QuizController {
  constructor(private readonly quiz: QuizService) {}

  @Get(':quizId/results.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentIdentity() identity: Identity, @Param('quizId') quizId: string): Promise<string> {
    return quizResultsCsv(await this.quiz.results(identity.eventId, quizId));
  }
}
