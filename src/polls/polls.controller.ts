import { Body, Controller, Get, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { CreatePollDto, ModerateAnswerBodyDto } from './dto/poll.dto.js';
import type { Poll, TextAnswer } from './poll.types.js';
import { PollsService } from './polls.service.js';
import { resultsCsv } from './results-csv.js';

/** The REST mirror of the operator's poll commands: same validation, same answers. */
@Controller('api/events/:id/polls')
@UseGuards(RolesGuard)
@Roles('operator')
export class PollsController {
  constructor(private readonly polls: PollsService) {}

  @Post()
  create(@CurrentIdentity() identity: Identity, @Body() dto: CreatePollDto): Promise<Poll> {
    return this.polls.create(identity, dto);
  }

  @Post(':pollId/open')
  @HttpCode(200)
  open(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'open');
  }

  @Post(':pollId/close')
  @HttpCode(200)
  close(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'close');
  }

  @Post(':pollId/reveal')
  @HttpCode(200)
  reveal(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'reveal');
  }

  @Post(':pollId/answers/:answerId/moderate')
  @HttpCode(200)
  moderateAnswer(
    @CurrentIdentity() identity: Identity,
    @Param('pollId') pollId: string,
    @Param('answerId') answerId: string,
    @Body() dto: ModerateAnswerBodyDto,
  ): Promise<TextAnswer> {
    return this.polls.moderateAnswer(identity, { pollId, answerId, action: dto.action });
  }

  @Get(':pollId/results.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<string> {
    return resultsCsv(await this.polls.results(identity.eventId, pollId, Number.MAX_SAFE_INTEGER));
  }
}
