import { Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
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
@Controller('api')
export class EventDataController {
  constructor(
    private readonly reports: EventReportService,
    private readonly lifecycle: EventLifecycle,
  ) {}

  @Get('events/:id/report')
  @UseGuards(RolesGuard)
  @Roles('operator')
  report(@CurrentIdentity() identity: Identity): Promise<MergedReport> {
    return this.reports.report(identity.eventId);
  }

  @Get('events/:id/export.zip')
  @UseGuards(RolesGuard)
  @Roles('operator')
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
  async end(@Param('id') id: string): Promise<EventView> {
    const { inviteCodes: _codes, ...event } = await this.lifecycle.end(eventId(id));
    return event;
  }

  @Get('me/export')
  @UseGuards(RolesGuard)
  @Roles('audience')
  myData(@CurrentIdentity() identity: Identity): Promise<Record<string, unknown>> {
    return this.lifecycle.personData(identity);
  }

  /** 204: erased (or already); the token that asked is refused from now on. */
  @Delete('me')
  @HttpCode(204)
  @UseGuards(RolesGuard)
  @Roles('audience')
  async eraseMe(@CurrentIdentity() identity: Identity): Promise<void> {
    await this.lifecycle.erase(identity.eventId, identity.id);
  }

  /** 204 whether or not the id had joined: erasing is idempotent and says nothing of who joined. */
  @Delete('events/:id/people/:audienceId')
  @HttpCode(204)
  @UseGuards(RolesGuard)
  @Roles('operator')
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
  reset(@Param('id') id: string): Promise<{ eventId: string; seq: number }> {
    return this.lifecycle.reset(eventId(id));
  }

  @Delete('events/:id')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  async delete(@Param('id') id: string): Promise<void> {
    if (!(await this.lifecycle.delete(eventId(id)))) throw new AppError('NOT_FOUND', 'No such event');
  }
}
