import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsI18nText } from '../../common/i18n-text.validator.js';
import { apiI18nText } from '../../common/openapi.js';
import { ITEM_ID, ITEM_ID_MESSAGE } from '../../common/ids.js';
import { POLL_KINDS, POLL_RESULTS, type I18nText, type PollKind, type PollResults } from '../poll.types.js';

/** A text poll's answer; a word cloud's is held to WORDCLOUD_MAX by poll-rules. */
export const TEXT_MAX = 280;
export const WORDCLOUD_MAX = 80;
export const ANSWER_ACTIONS = ['approve', 'reject'] as const;
export type AnswerAction = (typeof ANSWER_ACTIONS)[number];

export const MAX_OPTIONS = 20;

export class PollOptionDto {
  @ApiPropertyOptional({ description: 'Given by the server when absent', pattern: ITEM_ID.source })
  @IsOptional()
  @Matches(ITEM_ID, { message: `id ${ITEM_ID_MESSAGE}` })
  id?: string;

  @ApiProperty(apiI18nText(120, "The option's label"))
  @IsI18nText(120)
  label!: I18nText;

  /** Prediction polls: right when the result has this many stars. */
  @ApiPropertyOptional({
    description: 'Prediction polls: right when the result has this many stars',
    type: 'integer',
    minimum: 0,
    maximum: 5,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  stars?: number;

  /** Prediction polls: right when the score is within min..max. */
  @ApiPropertyOptional({
    description: 'Prediction polls: right when the score is within min..max',
    minimum: 0,
    maximum: 100,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  min?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  max?: number;
}

export class PredictsDto {
  @ApiProperty({ description: 'A crash entry of the event', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `entryId ${ITEM_ID_MESSAGE}` })
  entryId!: string;

  @ApiProperty({ description: 'The crash test whose result decides', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `test ${ITEM_ID_MESSAGE}` })
  test!: string;
}

export class ScaleDto {
  @ApiProperty({ type: 'integer', minimum: -100, maximum: 100 })
  @IsInt()
  @Min(-100)
  @Max(100)
  min!: number;

  @ApiProperty({ type: 'integer', minimum: -100, maximum: 100 })
  @IsInt()
  @Min(-100)
  @Max(100)
  max!: number;
}

export class CreatePollDto {
  @ApiPropertyOptional({ description: 'Given by the server when absent', pattern: ITEM_ID.source })
  @IsOptional()
  @Matches(ITEM_ID, { message: `id ${ITEM_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ enum: POLL_KINDS, enumName: 'PollKind' })
  @IsIn(POLL_KINDS)
  kind!: PollKind;

  @ApiProperty(apiI18nText(300, 'The question'))
  @IsI18nText(300)
  question!: I18nText;

  @ApiPropertyOptional({
    description: 'single, multi, ranking and prediction polls (docs/protocol.md, section 4)',
    type: [PollOptionDto],
    maxItems: MAX_OPTIONS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  // Without it, class-validator lets an array inside the array through as a "nested object".
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PollOptionDto)
  options?: PollOptionDto[];

  @ApiPropertyOptional({ description: 'multi polls', type: 'integer', minimum: 1, maximum: MAX_OPTIONS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OPTIONS)
  maxChoices?: number;

  @ApiPropertyOptional({ description: 'rating polls', type: ScaleDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScaleDto)
  scale?: ScaleDto;

  /** Ranking polls: how many places a vote fills at most (default: every option). */
  @ApiPropertyOptional({
    description: 'Ranking polls: how many places a vote fills at most (default: every option)',
    type: 'integer',
    minimum: 1,
    maximum: MAX_OPTIONS,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OPTIONS)
  maxRank?: number;

  /** Text polls: every answer waits for an operator. */
  @ApiPropertyOptional({ description: 'Text polls: every answer waits for an operator' })
  @IsOptional()
  @IsBoolean()
  moderated?: boolean;

  @ApiPropertyOptional({
    enum: POLL_RESULTS,
    enumName: 'PollResults',
    description: 'When the audience sees the results',
  })
  @IsOptional()
  @IsIn(POLL_RESULTS)
  results?: PollResults;

  /** A Poll's own field: true creates it with results revealed to the audience from the start. */
  @ApiPropertyOptional({ description: 'True creates it with results revealed to the audience from the start' })
  @IsOptional()
  @IsBoolean()
  revealed?: boolean;

  /** A prediction of the crash challenge: a single poll whose options are star counts or score bands. */
  @ApiPropertyOptional({
    description: 'A prediction of the crash challenge: a single poll whose options are star counts or score bands',
    type: PredictsDto,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PredictsDto)
  predicts?: PredictsDto;
}

export class PollIdDto {
  @Matches(ITEM_ID, { message: `pollId ${ITEM_ID_MESSAGE}` })
  pollId!: string;
}

export class CastVoteDto {
  @Matches(ITEM_ID, { message: `pollId ${ITEM_ID_MESSAGE}` })
  pollId!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTIONS)
  @ArrayUnique()
  @Matches(ITEM_ID, { each: true, message: `each of optionIds ${ITEM_ID_MESSAGE}` })
  optionIds?: string[];

  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  value?: number;

  @IsOptional()
  @IsString()
  @Length(1, TEXT_MAX)
  text?: string;

  /** Ranking polls: option ids, best first. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTIONS)
  @ArrayUnique()
  @Matches(ITEM_ID, { each: true, message: `each of ranking ${ITEM_ID_MESSAGE}` })
  ranking?: string[];
}

/** REST body of an answer's moderation (the ids are in the path). */
export class ModerateAnswerBodyDto {
  @ApiProperty({ enum: ANSWER_ACTIONS })
  @IsIn(ANSWER_ACTIONS)
  action!: AnswerAction;
}

export class ModerateAnswerDto extends ModerateAnswerBodyDto {
  @Matches(ITEM_ID, { message: `pollId ${ITEM_ID_MESSAGE}` })
  pollId!: string;

  @Matches(ITEM_ID, { message: `answerId ${ITEM_ID_MESSAGE}` })
  answerId!: string;
}
