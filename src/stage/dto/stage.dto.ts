import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PRINTABLE } from '../../events/dto/event.dto.js';
import { CUE_KINDS, REACTIONS, SCENES, type CueKind, type SceneKind } from '../stage.types.js';
import { ITEM_ID } from '../../common/ids.js';

export class StageCueDto {
  @ApiProperty({ enum: CUE_KINDS, enumName: 'CueKind' })
  @IsIn(CUE_KINDS)
  kind!: CueKind;

  @ApiPropertyOptional({ description: 'Printable', minLength: 1, maxLength: 120, pattern: PRINTABLE.source })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  @Matches(PRINTABLE, { message: 'title must not contain control characters' })
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  body?: string;

  /** Epoch milliseconds. */
  @ApiPropertyOptional({
    description: 'Epoch milliseconds (countdowns)',
    type: 'integer',
    minimum: 0,
    maximum: 8_640_000_000_000_000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(8_640_000_000_000_000)
  until?: number;
}

export class ReactionDto {
  @IsIn(REACTIONS)
  emoji!: string;
}

export class SceneDto {
  @IsIn(SCENES)
  kind!: SceneKind;

  @IsOptional()
  @Matches(ITEM_ID, { message: 'pollId must be 1-40 of A-Z a-z 0-9 _ -' })
  pollId?: string;
}
