import { Body, Controller, Get, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiCsv, ApiEventId, ApiItemId, ApiRoute, BODY_ERRORS, protocolObject } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { CreatePollDto, ModerateAnswerBodyDto } from './dto/poll.dto.js';
import type { Poll, TextAnswer } from './poll.types.js';
import { PollsService } from './polls.service.js';
import { resultsCsv } from './results-csv.js';

/** The REST mirror of the operator's poll commands: same validation, same answers. */
@ApiTags('polls')
@ApiEventId()
@Controller('api/events/:id/polls')
@UseGuards(RolesGuard)
@Roles('operator')
export class PollsController {
  constructor(private readonly polls: PollsService) {}

  @Post()
  @ApiRoute({
    summary: 'Create a poll (a draft)',
    description: 'As `poll:create`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, 409],
  })
  @ApiCreatedResponse({ description: 'The poll', schema: protocolObject('Poll', 'section 4') })
  create(@CurrentIdentity() identity: Identity, @Body() dto: CreatePollDto): Promise<Poll> {
    return this.polls.create(identity, dto);
  }

  @Post(':pollId/open')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Open a poll',
    description: 'As `poll:open`.',
    access: ['operator'],
    errors: [400, [404, 'NOT_FOUND: no such poll'], 409],
  })
  @ApiItemId('pollId', 'The poll')
  @ApiOkResponse({ description: 'The poll', schema: protocolObject('Poll', 'section 4') })
  open(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'open');
  }

  @Post(':pollId/close')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Close a poll',
    description: 'As `poll:close`.',
    access: ['operator'],
    errors: [400, [404, 'NOT_FOUND: no such poll'], 409],
  })
  @ApiItemId('pollId', 'The poll')
  @ApiOkResponse({ description: 'The poll', schema: protocolObject('Poll', 'section 4') })
  close(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'close');
  }

  @Post(':pollId/reveal')
  @HttpCode(200)
  @ApiRoute({
    summary: "Reveal a poll's results to the audience",
    description: 'As `poll:reveal`.',
    access: ['operator'],
    errors: [400, [404, 'NOT_FOUND: no such poll'], 409],
  })
  @ApiItemId('pollId', 'The poll')
  @ApiOkResponse({ description: 'The poll', schema: protocolObject('Poll', 'section 4') })
  reveal(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<Poll> {
    return this.polls.change(identity, pollId, 'reveal');
  }

  @Post(':pollId/answers/:answerId/moderate')
  @HttpCode(200)
  @ApiRoute({
    summary: "Approve or reject a text poll's answer",
    description: 'As `poll:moderate-answer`.',
    access: ['operator'],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such poll or answer'], 409],
  })
  @ApiItemId('pollId', 'The poll')
  @ApiItemId('answerId', 'The answer')
  @ApiOkResponse({ description: 'The answer', schema: protocolObject('TextAnswer', 'section 4') })
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
  @ApiRoute({ summary: "A poll's results as CSV", access: ['operator'], errors: [[404, 'NOT_FOUND: no such poll']] })
  @ApiItemId('pollId', 'The poll')
  @ApiCsv('Columns `section,key,label,count,percent` (docs/protocol.md, section 8)')
  async csv(@CurrentIdentity() identity: Identity, @Param('pollId') pollId: string): Promise<string> {
    return resultsCsv(await this.polls.results(identity.eventId, pollId, Number.MAX_SAFE_INTEGER));
  }
}
