import { Body, Controller, Get, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { ApiEventId, ApiRoute, BODY_ERRORS, protocolObject } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { AdminGuard, CurrentIdentity, RolesGuard } from '../auth/roles.js';
import { JoinAdmission, SnapshotReadLimit } from '../limits/limit.interceptors.js';
import { CreateEventDto, IssueTokenDto, JoinEventDto } from './dto/event.dto.js';
import type { EventInfo } from './event.types.js';
import type { Snapshot } from './snapshot.service.js';
import { EventsService, type JoinResult } from './events.service.js';
import { SnapshotService } from './snapshot.service.js';

/** The event as the admin creates it (EventInfo): with its invite codes. */
export const EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    moderation: { type: 'boolean' },
    inviteCodes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'integer', description: 'Epoch ms' },
    endedAt: { type: 'integer', description: 'Epoch ms; absent: not ended' },
    generation: { type: 'integer', description: 'Raised by each reset' },
  },
  required: ['id', 'name', 'moderation', 'inviteCodes', 'createdAt'],
};

@ApiTags('events')
@Controller('api')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly snapshots: SnapshotService,
  ) {}

  @Post('events')
  @UseGuards(AdminGuard)
  @ApiRoute({
    summary: 'Create an event',
    access: ['admin'],
    errors: [...BODY_ERRORS, [409, 'CONFLICT: an event with this id exists already']],
  })
  @ApiCreatedResponse({ description: 'The event, with its invite codes', schema: EVENT_SCHEMA })
  create(@Body() dto: CreateEventDto): Promise<EventInfo> {
    return this.events.create(dto);
  }

  @Post('events/:id/join')
  @UseInterceptors(JoinAdmission)
  @ApiRoute({
    summary: 'Join an event as a person of the audience',
    description:
      'Plain UTF-8 JSON bodies are answered by the lean join route (src/events/join-route.ts) ahead of Express; ' +
      'anything else by this controller route. Both apply the same security headers, body limit, CORS, admission, ' +
      'per-address limits, validation and error answers (PROTOCOL section 1). Keep the token: it is the person.',
    access: [],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such event'], 429],
  })
  @ApiEventId()
  @ApiCreatedResponse({
    description: 'The audience token; `koc`: the invite code was one of the event',
    schema: {
      type: 'object',
      properties: {
        token: { type: 'string' },
        audienceId: { type: 'string' },
        eventId: { type: 'string' },
        koc: { type: 'boolean' },
      },
      required: ['token', 'audienceId', 'eventId', 'koc'],
    },
  })
  join(@Param('id') id: string, @Body() dto: JoinEventDto): Promise<JoinResult> {
    return this.events.join(id, dto);
  }

  @Get('events/:id/state')
  @UseGuards(RolesGuard)
  @UseInterceptors(SnapshotReadLimit)
  @ApiRoute({
    summary: "The snapshot of the event, as the caller's role sees it",
    access: ['audience', 'operator', 'screen'],
    errors: [429],
  })
  @ApiEventId()
  @ApiOkResponse({ description: 'The snapshot', schema: protocolObject('Snapshot', 'section 3') })
  state(@CurrentIdentity() identity: Identity): Promise<Snapshot> {
    return this.snapshots.build(identity);
  }

  @Post('auth/token')
  @UseGuards(AdminGuard)
  @ApiRoute({
    summary: 'Issue an operator or screen token of an event',
    access: ['admin'],
    errors: [...BODY_ERRORS, [404, 'NOT_FOUND: no such event']],
  })
  @ApiCreatedResponse({
    description: 'The token',
    schema: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] },
  })
  token(@Body() dto: IssueTokenDto): Promise<{ token: string }> {
    return this.events.issueToken(dto);
  }
}
