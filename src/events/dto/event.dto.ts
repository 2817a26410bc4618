import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsISO31661Alpha2,
  IsLocale,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { EVENT_ID } from '../../common/ids.js';

const EVENT_ID_MESSAGE = 'must be 1-40 of a-z 0-9 and -, starting with a letter or digit';
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Printable text: no control characters. */
export const PRINTABLE = /^[^\p{Cc}]*$/u;

export class CreateEventDto {
  @ApiProperty({
    description: 'The event id: 1-40 of a-z 0-9 -, starting with a letter or digit',
    pattern: EVENT_ID.source,
    example: 'summit-2026',
  })
  @IsString()
  @Matches(EVENT_ID, { message: `id ${EVENT_ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ description: 'Trimmed; printable', minLength: 1, maxLength: 120, pattern: PRINTABLE.source })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({ description: 'Questions wait for an operator before they are shown' })
  @IsOptional()
  @IsBoolean()
  moderation?: boolean;

  @ApiPropertyOptional({
    description: 'KOC invite codes (a join with one marks a KOC)',
    type: [String],
    maxItems: 100,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Za-z0-9_-]{4,64}$' },
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{4,64}$/, { each: true, message: 'each invite code must be 4-64 of A-Z a-z 0-9 _ -' })
  inviteCodes?: string[];
}

export class JoinEventDto {
  @ApiPropertyOptional({
    description: 'Shown name; trimmed; printable',
    minLength: 1,
    maxLength: 40,
    pattern: PRINTABLE.source,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({
    description: 'ISO 3166-1 alpha-2, any case (stored upper case)',
    pattern: '^[A-Za-z]{2}$',
    example: 'ES',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({ description: 'A BCP 47 language tag', minLength: 2, maxLength: 35, example: 'pt-BR' })
  @IsOptional()
  @IsString()
  @Length(2, 35)
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({
    description: 'An invite code of the event makes a KOC; an unknown one still joins, without the badge',
    minLength: 1,
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  inviteCode?: string;
}

export class IssueTokenDto {
  @ApiProperty({ enum: ['operator', 'screen'] })
  @IsIn(['operator', 'screen'])
  role!: 'operator' | 'screen';

  @ApiProperty({ description: 'An existing event', pattern: EVENT_ID.source })
  @IsString()
  @Matches(EVENT_ID, { message: `eventId ${EVENT_ID_MESSAGE}` })
  eventId!: string;

  @ApiProperty({
    description: 'Who holds it (the audit trail names them); trimmed; printable',
    minLength: 1,
    maxLength: 40,
    pattern: PRINTABLE.source,
  })
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;
}
