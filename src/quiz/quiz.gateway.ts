import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { ok, type Ack } from '../common/errors.js';
import { Command } from '../realtime/command.js';
import { CreateQuizDto, QuizAnswerDto, QuizIdDto } from './dto/quiz.dto.js';
import { QuizService } from './quiz.service.js';
import type { Quiz, QuizAnswerAck } from './quiz.types.js';

/** Its socket commands (CommandRouter checks roles and payloads before each). */
@Injectable()
export class QuizGateway {
  constructor(private readonly quiz: QuizService) {}

  @Roles('operator')
  @Command('quiz:create')
  async create(identity: Identity, dto: CreateQuizDto): Promise<Ack<Quiz>> {
    return ok(await this.quiz.create(identity, dto));
  }

  @Roles('operator')
  @Command('quiz:next')
  async next(identity: Identity, dto: QuizIdDto): Promise<Ack<Quiz>> {
    return ok(await this.quiz.next(identity, dto.quizId));
  }

  @Roles('operator')
  @Command('quiz:reveal')
  async reveal(identity: Identity, dto: QuizIdDto): Promise<Ack<Quiz>> {
    return ok(await this.quiz.reveal(identity, dto.quizId));
  }

  @Roles('operator')
  @Command('quiz:end')
  async end(identity: Identity, dto: QuizIdDto): Promise<Ack<Quiz>> {
    return ok(await this.quiz.end(identity, dto.quizId));
  }

  @Roles('audience')
  @Command('quiz:answer', { figure: 'answers' })
  answer(identity: Identity, dto: QuizAnswerDto): Promise<Ack<QuizAnswerAck>> {
    return this.quiz.answer(identity, dto).then(ok);
  }
}
