import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiEventId, ApiRoute, BODY_ERRORS, protocolObject } from '../common/openapi.js';
import type { Identity } from '../auth/identity.js';
import { CurrentIdentity, Roles, RolesGuard } from '../auth/roles.js';
import { StageCueDto } from './dto/stage.dto.js';
import { StageService } from './stage.service.js';
import type { Cue } from './stage.types.js';

@ApiTags('stage')
@ApiEventId()
@Controller('api/events/:id/stage')
@UseGuards(RolesGuard)
@Roles('operator')
export class StageController {
  constructor(private readonly stage: StageService) {}

  @Post('cue')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Send a stage cue',
    description: 'As `stage:cue`.',
    access: ['operator'],
    errors: [...BODY_ERRORS],
  })
  @ApiOkResponse({ description: 'The cue', schema: protocolObject('Cue', 'section 7') })
  cue(@CurrentIdentity() identity: Identity, @Body() dto: StageCueDto): Promise<Cue> {
    return this.stage.cue(identity, dto);
  }
}
