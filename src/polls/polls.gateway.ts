import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { Command } from '../realtime/command.js';
import { ok, type Ack } from '../common/errors.js';
import { CastVoteDto, CreatePollDto, ModerateAnswerDto, PollIdDto } from './dto/poll.dto.js';
import type { Poll, TextAnswer } from './poll.types.js';
import { PollsService, type Voted } from './polls.service.js';

/** Its socket commands (CommandRouter checks roles and payloads before each). */
@Injectable()
export class PollsGateway {
  constructor(private readonly polls: PollsService) {}

  @Roles('operator')
  @Command('poll:create')
  async create(identity: Identity, dto: CreatePollDto): Promise<Ack<Poll>> {
    return ok(await this.polls.create(identity, dto));
  }

  @Roles('operator')
  @Command('poll:open')
  async open(identity: Identity, dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'open'));
  }

  @Roles('operator')
  @Command('poll:close')
  async close(identity: Identity, dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'close'));
  }

  @Roles('operator')
  @Command('poll:reveal')
  async reveal(identity: Identity, dto: PollIdDto): Promise<Ack<Poll>> {
    return ok(await this.polls.change(identity, dto.pollId, 'reveal'));
  }

  @Roles('audience')
  @Command('poll:vote', { figure: 'votes' })
  vote(identity: Identity, dto: CastVoteDto): Promise<Ack<Voted>> {
    return this.polls.vote(identity, dto).then(ok);
  }

  @Roles('operator')
  @Command('poll:moderate-answer')
  async moderateAnswer(identity: Identity, dto: ModerateAnswerDto): Promise<Ack<TextAnswer>> {
    return ok(await this.polls.moderateAnswer(identity, dto));
  }
}
