import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { DtoValidationPipe } from '../realtime/dto-validation.pipe.js';
import { ok, type Ack } from '../common/errors.js';
import { AskDto, MergeDto, ModerateDto, QuestionIdDto, SettingsDto } from './dto/qa.dto.js';
import { QaService } from './qa.service.js';
import type { OperatorQuestion, Question } from './question.types.js';

type Upvotes = Ack<{ questionId: string; upvotes: number }>;

@WebSocketGateway()
@UseFilters(AckExceptionFilter)
@UseGuards(RolesGuard)
@UsePipes(DtoValidationPipe)
export class QaGateway {
  constructor(private readonly qa: QaService) {}

  @Roles('audience')
  @SubscribeMessage('qa:ask')
  async ask(@CurrentIdentity() identity: Identity, @MessageBody() dto: AskDto): Promise<Ack<Question>> {
    return ok(await this.qa.ask(identity, dto));
  }

  @Roles('audience')
  @SubscribeMessage('qa:upvote')
  async upvote(@CurrentIdentity() identity: Identity, @MessageBody() dto: QuestionIdDto): Promise<Upvotes> {
    return ok(await this.qa.upvote(identity, dto.questionId, true));
  }

  @Roles('audience')
  @SubscribeMessage('qa:unvote')
  async unvote(@CurrentIdentity() identity: Identity, @MessageBody() dto: QuestionIdDto): Promise<Upvotes> {
    return ok(await this.qa.upvote(identity, dto.questionId, false));
  }

  @Roles('operator')
  @SubscribeMessage('qa:moderate')
  async moderate(
    @CurrentIdentity() identity: Identity,
    @MessageBody() dto: ModerateDto,
  ): Promise<Ack<OperatorQuestion>> {
    return ok(await this.qa.moderate(identity, dto.questionId, dto.action, dto.answer));
  }

  @Roles('operator')
  @SubscribeMessage('qa:merge')
  async merge(@CurrentIdentity() identity: Identity, @MessageBody() dto: MergeDto): Promise<Ack<OperatorQuestion>> {
    return ok(await this.qa.merge(identity, dto.questionId, dto.intoId));
  }

  @Roles('operator')
  @SubscribeMessage('qa:settings')
  async settings(
    @CurrentIdentity() identity: Identity,
    @MessageBody() dto: SettingsDto,
  ): Promise<Ack<{ moderation: boolean }>> {
    return ok(await this.qa.setModeration(identity, dto.moderation));
  }
}
