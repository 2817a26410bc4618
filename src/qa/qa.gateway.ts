import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { Command } from '../realtime/command.js';
import { ok, type Ack } from '../common/errors.js';
import { AskDto, MergeDto, ModerateDto, QuestionIdDto, SettingsDto } from './dto/qa.dto.js';
import { QaService } from './qa.service.js';
import type { OperatorQuestion, Question } from './question.types.js';

type Upvotes = Ack<{ questionId: string; upvotes: number }>;

/** Its socket commands (CommandRouter checks roles and payloads before each). */
@Injectable()
export class QaGateway {
  constructor(private readonly qa: QaService) {}

  @Roles('audience')
  @Command('qa:ask', { figure: 'questions' })
  async ask(identity: Identity, dto: AskDto): Promise<Ack<Question>> {
    return ok(await this.qa.ask(identity, dto));
  }

  @Roles('audience')
  @Command('qa:upvote', { figure: 'upvotes' })
  upvote(identity: Identity, dto: QuestionIdDto): Promise<Upvotes> {
    return this.qa.upvote(identity, dto.questionId, true).then(ok);
  }

  @Roles('audience')
  @Command('qa:unvote')
  unvote(identity: Identity, dto: QuestionIdDto): Promise<Upvotes> {
    return this.qa.upvote(identity, dto.questionId, false).then(ok);
  }

  @Roles('operator')
  @Command('qa:moderate')
  async moderate(identity: Identity, dto: ModerateDto): Promise<Ack<OperatorQuestion>> {
    return ok(await this.qa.moderate(identity, dto.questionId, dto.action, dto.answer));
  }

  @Roles('operator')
  @Command('qa:merge')
  async merge(identity: Identity, dto: MergeDto): Promise<Ack<OperatorQuestion>> {
    return ok(await this.qa.merge(identity, dto.questionId, dto.intoId));
  }

  @Roles('operator')
  @Command('qa:settings')
  async settings(identity: Identity, dto: SettingsDto): Promise<Ack<{ moderation: boolean }>> {
    return ok(await this.qa.setModeration(identity, dto.moderation));
  }
}
