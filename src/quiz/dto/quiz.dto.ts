import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsI18nText, type I18nText } from '../../common/i18n-text.validator.js';
import { ITEM_ID, ITEM_ID_MESSAGE } from '../../common/ids.js';
import {
  MAX_BASE_POINTS,
  MAX_QUESTIONS,
  MAX_QUIZ_OPTIONS,
  MAX_TIME_LIMIT_MS,
  MIN_TIME_LIMIT_MS,
} from '../quiz-limits.js';

export class QuizOptionDto {
  @Matches(ITEM_ID, { message: `id ${ITEM_ID_MESSAGE}` })
  id!: string;

  @IsI18nText(120)
  label!: I18nText;
}

export class QuizQuestionDto {
  @Matches(ITEM_ID, { message: `id ${ITEM_ID_MESSAGE}` })
  id!: string;

  @IsI18nText(300)
  text!: I18nText;

  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_QUIZ_OPTIONS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => QuizOptionDto)
  options!: QuizOptionDto[];

  @IsInt()
  @Min(MIN_TIME_LIMIT_MS)
  @Max(MAX_TIME_LIMIT_MS)
  timeLimitMs!: number;

  /** The right option ids (one or more). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUIZ_OPTIONS)
  @ArrayUnique()
  @Matches(ITEM_ID, { each: true, message: `each of correct ${ITEM_ID_MESSAGE}` })
  correct!: string[];
}

export class QuizScoringDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BASE_POINTS)
  basePoints?: number;

  @IsOptional()
  @IsBoolean()
  speed?: boolean;

  @IsOptional()
  @IsBoolean()
  streak?: boolean;
}

export class CreateQuizDto {
  @IsOptional()
  @Matches(ITEM_ID, { message: `id ${ITEM_ID_MESSAGE}` })
  id?: string;

  @IsI18nText(200)
  title!: I18nText;

  // An array would pass @ValidateNested (it validates each element) and stand for "no scoring".
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuizScoringDto)
  scoring?: QuizScoringDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUESTIONS)
  // Each an object: @ValidateNested would take an array of them in their place.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => QuizQuestionDto)
  questions!: QuizQuestionDto[];
}

export class QuizIdDto {
  @Matches(ITEM_ID, { message: `quizId ${ITEM_ID_MESSAGE}` })
  quizId!: string;
}

/** The hot one: compiled fully, inline checks only (see src/realtime/compiled-dto.spec.ts). */
export class QuizAnswerDto {
  @Matches(ITEM_ID, { message: `quizId ${ITEM_ID_MESSAGE}` })
  quizId!: string;

  @Matches(ITEM_ID, { message: `questionId ${ITEM_ID_MESSAGE}` })
  questionId!: string;

  @Matches(ITEM_ID, { message: `optionId ${ITEM_ID_MESSAGE}` })
  optionId!: string;
}
