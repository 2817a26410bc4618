import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { Roles } from '../auth/roles.js';
import { Command } from '../realtime/command.js';
import { ok, type Ack } from '../common/errors.js';
import { ReactionDto, SceneDto, StageCueDto } from './dto/stage.dto.js';
import { StageService } from './stage.service.js';
import type { Cue, Scene } from './stage.types.js';

/** Its socket commands (CommandRouter checks roles and payloads before each). */
@Injectable()
export class StageGateway {
  constructor(private readonly stage: StageService) {}

  @Roles('operator')
  @Command('stage:cue')
  async cue(identity: Identity, dto: StageCueDto): Promise<Ack<Cue>> {
    return ok(await this.stage.cue(identity, dto));
  }

  @Roles('operator')
  @Command('screen:scene')
  async scene(identity: Identity, dto: SceneDto): Promise<Ack<Scene>> {
    return ok(await this.stage.scene(identity, dto));
  }

  @Roles('audience')
  @Command('reaction:send')
  react(identity: Identity, dto: ReactionDto): Promise<Ack<Record<string, never>>> {
    return this.stage.react(identity, dto.emoji).then(ok);
  }
}
