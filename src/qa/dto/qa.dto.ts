import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsLocale, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { ITEM_ID, ITEM_ID_MESSAGE as ID_MESSAGE } from '../../common/ids.js';
import { MODERATE_ACTIONS, QUESTION_STATUSES, type ModerateAction, type QuestionStatus } from '../question.types.js';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class AskDto {
  @Transform(trim)
  @IsString()
  @Length(3, 280)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/, { message: 'text must not contain control characters' })
  text!: string;

  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @IsOptional()
  @IsString()
  @Length(2, 35)
  @IsLocale()
  lang?: string;
}

export class QuestionIdDto {
  @Matches(ITEM_ID, { message: `questionId ${ID_MESSAGE}` })
  questionId!: string;
}

export class ModerateDto extends QuestionIdDto {
  @IsIn(MODERATE_ACTIONS)
  action!: ModerateAction;

  @ValidateIf((dto: ModerateDto) => dto.answer !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  answer?: string;
}

/** The REST form of qa:moderate: the question id is in the path. */
export class ModerateBodyDto {
  @ApiProperty({ enum: MODERATE_ACTIONS, enumName: 'ModerateAction' })
  @IsIn(MODERATE_ACTIONS)
  action!: ModerateAction;

  @ApiPropertyOptional({ description: 'The answer, with action `answer`; trimmed', minLength: 1, maxLength: 2000 })
  @ValidateIf((dto: ModerateBodyDto) => dto.answer !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  answer?: string;
}

export class MergeDto extends QuestionIdDto {
  @Matches(ITEM_ID, { message: `intoId ${ID_MESSAGE}` })
  intoId!: string;
}

export class MergeBodyDto {
  @ApiProperty({ description: 'The question kept (this one is merged into it)', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `intoId ${ID_MESSAGE}` })
  intoId!: string;
}

export class SettingsDto {
  @ApiProperty({ description: 'True: new questions wait for an operator' })
  @IsBoolean()
  moderation!: boolean;
}

/** Filters of the operators' question list (query string). */
export class QuestionFilterDto {
  @ApiPropertyOptional({ enum: QUESTION_STATUSES, enumName: 'QuestionStatus' })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only KOC questions (true) or only others (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  koc?: 'true' | 'false';
}
