import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { AckExceptionFilter } from '../realtime/ack-exception.filter.js';
import { DtoValidationPipe } from '../realtime/dto-validation.pipe.js';
import { ok, type Ack } from '../common/errors.js';
import { CastVoteDto, CreatePollDto, PollIdDto } from './dto/poll.dto.js';
import type { Poll, Vote } from './poll.types.js';
import { PollsService } from './polls.service.js';

@WebSocketGateway()
@UseFilters(AckExceptionFilter)
@UseGuards(RolesGuard)
@UsePipes(DtoValidationPipe)
export class PollsGateway {
  constructor(private readonly polls: PollsService) {}

  @Roles('operator')
  @SubscribeMessage('poll:create')
  async create(@CurrentIdentity() identity: Identity, @MessageBody() dto: CreatePollDto): Promise<Ack<Poll>> {
    return ok(await this.polls.create(identity, dto));
  }

  @Roles('operator')
  @SubscribeMessage('poll:open')
  async open(@CurrentIdentity() identity: Identity, @MessageBody() dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'open'));
  }

  @Roles('operator')
  @SubscribeMessage('poll:close')
  async close(@CurrentIdentity() identity: Identity, @MessageBody() dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'close'));
  }

  @Roles('operator')
  @SubscribeMessage('poll:reveal')
  async reveal(@CurrentIdentity() identity: Identity, @MessageBody() dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'reveal'));
  }

  @Roles('audience')
  @SubscribeMessage('poll:vote')
  async vote(
    @CurrentIdentity() identity: Identity,
    @MessageBody() dto: CastVoteDto,
  ): Promise<Ack<{ pollId: string; vote: Vote }>> {
    return ok(await this.polls.vote(identity, dto));
  }
}
