import { Body, Controller, Get, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { AdminGuard, CurrentIdentity, RolesGuard } from '../auth/roles.js';
import { JoinAdmission, SnapshotReadLimit } from '../limits/limit.interceptors.js';
import { CreateEventDto, IssueTokenDto, JoinEventDto } from './dto/event.dto.js';
import type { EventInfo } from './event.types.js';
import type { Snapshot } from './snapshot.service.js';
import { EventsService, type JoinResult } from './events.service.js';
import { SnapshotService } from './snapshot.service.js';

@Controller('api')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly snapshots: SnapshotService,
  ) {}

  @Post('events')
  @UseGuards(AdminGuard)
  create(@Body() dto: CreateEventDto): Promise<EventInfo> {
    return this.events.create(dto);
  }

  @Post('events/:id/join')
  @UseInterceptors(JoinAdmission)
  join(@Param('id') id: string, @Body() dto: JoinEventDto): Promise<JoinResult> {
    return this.events.join(id, dto);
  }

  @Get('events/:id/state')
  @UseGuards(RolesGuard)
  @UseInterceptors(SnapshotReadLimit)
  state(@CurrentIdentity() identity: Identity): Promise<Snapshot> {
    return this.snapshots.build(identity);
  }

  @Post('auth/token')
  @UseGuards(AdminGuard)
  token(@Body() dto: IssueTokenDto): Promise<{ token: string }> {
    return this.events.issueToken(dto);
  }
}
