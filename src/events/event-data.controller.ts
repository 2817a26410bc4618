import { Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiEventId, ApiRoute, protocolObject } from '../common/openapi.js';
import { EVENT_SCHEMA } from './events.controller.js';
import type { Response } from 'express';
import type { Identity } from '../auth/identity.js';
import { AdminGuard, AdminOrRolesGuard, CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { AppError } from '../common/errors.js';
import { EVENT_ID } from '../common/ids.js';
import { EventLifecycle } from './event-lifecycle.service.js';
import { EventReportService, type MergedReport } from './event-report.service.js';
import type { EventView } from './event.types.js';

/** A person's id as tokens carry it (`a-` and base64url, or what the token CLI minted). */
const PERSON_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An event id from an admin route's path: anything else names no event (and never reaches a key pattern). */
function eventId(id: string): string {
  if (!EVENT_ID.test(id)) throw new AppError('NOT_FOUND', 'No such event');
  return id;
}

/** PROTOCOL section 11: the report, the export, a person's data and its erasure, reset and deletion. */
/** The event without its invite codes (EventView). */
const EVENT_VIEW_SCHEMA = {
  ...EVENT_SCHEMA,
  properties: Object.fromEntries(Object.entries(EVENT_SCHEMA.properties ?? {}).filter(([k]) => k !== 'inviteCodes')),
  required: (EVENT_SCHEMA.required ?? []).filter((k) => k !== 'inviteCodes'),
};

@ApiTags('event data')
@Controller('api')
export class EventDataController {
  constructor(
    private readonly reports: EventReportService,
    private readonly lifecycle: EventLifecycle,
  ) {}

  @Get('events/:id/report')
  @UseGuards(RolesGuard)
  @Roles('operator')
  @ApiRoute({
    summary: "The event's report (core and features)",
    access: ['operator'],
    errors: [[404, 'NOT_FOUND: no such event']],
  })
  @ApiEventId()
  @ApiOkResponse({ description: 'The report', schema: protocolObject('EventReport', 'section 11') })
  report(@CurrentIdentity() identity: Identity): Promise<MergedReport> {
    return this.reports.report(identity.eventId);
  }

  @Get('events/:id/export.zip')
  @UseGuards(RolesGuard)
  @Roles('operator')
  @ApiRoute({
    summary: 'Everything of the event as a zip',
    access: ['operator'],
    errors: [[404, 'NOT_FOUND: no such event']],
  })
  @ApiEventId()
  @ApiOkResponse({
    description: 'Streamed: `report.json` (the same report) and every CSV of the event',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  async exportZip(@CurrentIdentity() identity: Identity, @Res() res: Response): Promise<void> {
    const id = identity.eventId;
    // Read before the headers go: an unknown event is still a 404 with the error body.
    await this.reports.report(id);
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${id}-export.zip"`);
    res.setHeader('Cache-Control', 'no-store');
    await this.reports.writeZip(id, res).catch(() => undefined);
  }

  /** Admin key or the event's operator; idempotent: the first `endedAt` stays. */
  @Post('events/:id/end')
  @HttpCode(200)
  @UseGuards(AdminOrRolesGuard)
  @Roles('operator')
  @ApiRoute({
    summary: 'End the event',
    description: 'Idempotent: the first `endedAt` stays.',
    access: ['admin', 'operator'],
    errors: [[404, 'NOT_FOUND: no such event']],
  })
  @ApiEventId()
  @ApiOkResponse({ description: 'The event (without invite codes) with `endedAt`', schema: EVENT_VIEW_SCHEMA })
  async end(@Param('id') id: string): Promise<EventView> {
    const { inviteCodes: _codes, ...event } = await this.lifecycle.end(eventId(id));
    return event;
  }

  @Get('me/export')
  @UseGuards(RolesGuard)
  @Roles('audience')
  @ApiRoute({ summary: 'What the event holds about me', access: ['audience'], ofEvent: false })
  @ApiOkResponse({
    description:
      "`{ eventId, person, polls, forum, crash, quiz, stage }`: each feature's part of that person (null: nothing)",
    schema: protocolObject("The person's data", 'section 11'),
  })
  myData(@CurrentIdentity() identity: Identity): Promise<Record<string, unknown>> {
    return this.lifecycle.personData(identity);
  }

  /** 204: erased (or already); the token that asked is refused from now on. */
  @Delete('me')
  @HttpCode(204)
  @UseGuards(RolesGuard)
  @Roles('audience')
  @ApiRoute({
    summary: 'Erase me',
    description: 'The token that asked is refused from then on.',
    access: ['audience'],
    ofEvent: false,
  })
  @ApiNoContentResponse({ description: 'Erased (or already)' })
  async eraseMe(@CurrentIdentity() identity: Identity): Promise<void> {
    await this.lifecycle.erase(identity.eventId, identity.id);
  }

  /** 204 whether or not the id had joined: erasing is idempotent and says nothing of who joined. */
  @Delete('events/:id/people/:audienceId')
  @HttpCode(204)
  @UseGuards(RolesGuard)
  @Roles('operator')
  @ApiRoute({
    summary: 'Erase a person of the audience',
    description: 'Idempotent, and it tells nobody who joined: 204 whether or not the id had joined.',
    access: ['operator'],
    errors: [400],
  })
  @ApiEventId()
  @ApiParam({
    name: 'audienceId',
    description: "The person's id",
    schema: { type: 'string', pattern: PERSON_ID.source },
  })
  @ApiNoContentResponse({ description: 'Erased' })
  async erase(@CurrentIdentity() identity: Identity, @Param('audienceId') audienceId: string): Promise<void> {
    if (!PERSON_ID.test(audienceId)) {
      throw new AppError('VALIDATION_FAILED', 'Invalid audience id', [
        { field: 'audienceId', errors: ['must be 1-64 of A-Z a-z 0-9 _ -'] },
      ]);
    }
    await this.lifecycle.erase(identity.eventId, audienceId);
  }

  @Post('events/:id/reset')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiRoute({
    summary: 'Reset the event after a rehearsal',
    description:
      'Every vote, answer, question, result, person and figure gone; audience tokens issued before are refused.',
    access: ['admin'],
    errors: [[404, 'NOT_FOUND: no such event']],
  })
  @ApiEventId()
  @ApiOkResponse({
    description: "The event's seq after the reset",
    schema: {
      type: 'object',
      properties: { eventId: { type: 'string' }, seq: { type: 'integer' } },
      required: ['eventId', 'seq'],
    },
  })
  reset(@Param('id') id: string): Promise<{ eventId: string; seq: number }> {
    return this.lifecycle.reset(eventId(id));
  }

  @Delete('events/:id')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  @ApiRoute({
    summary: 'Delete the event and all its data',
    access: ['admin'],
    errors: [[404, 'NOT_FOUND: no such event']],
  })
  @ApiEventId()
  @ApiNoContentResponse({ description: 'Deleted' })
  async delete(@Param('id') id: string): Promise<void> {
    if (!(await this.lifecycle.delete(eventId(id)))) throw new AppError('NOT_FOUND', 'No such event');
  }
}
