import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { StageCueDto } from './dto/stage.dto.js';
import { StageService } from './stage.service.js';
import type { Cue } from './stage.types.js';

@Controller('api/events/:id/stage')
@UseGuards(RolesGuard)
@Roles('operator')
export class StageController {
  constructor(private readonly stage: StageService) {}

  @Post('cue')
  @HttpCode(200)
  cue(@CurrentIdentity() identity: Identity, @Body() dto: StageCueDto): Promise<Cue> {
    return this.stage.cue(identity, dto);
  }
}
