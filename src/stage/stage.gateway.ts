import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { DtoValidationPipe } from '../realtime/dto-validation.pipe.js';
import { ok, type Ack } from '../common/errors.js';
import { ReactionDto, SceneDto, StageCueDto } from './dto/stage.dto.js';
import { StageService } from './stage.service.js';
import type { Cue, Scene } from './stage.types.js';

@WebSocketGateway()
@UseFilters(AckExceptionFilter)
@UseGuards(RolesGuard)
@UsePipes(DtoValidationPipe)
export class StageGateway {
  constructor(private readonly stage: StageService) {}

  @Roles('operator')
  @SubscribeMessage('stage:cue')
  async cue(@CurrentIdentity() identity: Identity, @MessageBody() dto: StageCueDto): Promise<Ack<Cue>> {
    return ok(await this.stage.cue(identity, dto));
  }

  @Roles('operator')
  @SubscribeMessage('screen:scene')
  async scene(@CurrentIdentity() identity: Identity, @MessageBody() dto: SceneDto): Promise<Ack<Scene>> {
    return ok(await this.stage.scene(identity, dto));
  }

  @Roles('audience')
  @SubscribeMessage('reaction:send')
  async react(
    @CurrentIdentity() identity: Identity,
    @MessageBody() dto: ReactionDto,
  ): Promise<Ack<Record<string, never>>> {
    return ok(await this.stage.react(identity, dto.emoji));
  }
}
