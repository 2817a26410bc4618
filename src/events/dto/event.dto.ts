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
  @IsString()
  @Matches(EVENT_ID, { message: `id ${EVENT_ID_MESSAGE}` })
  id!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;

  @IsOptional()
  @IsBoolean()
  moderation?: boolean;

  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{4,64}$/, { each: true, message: 'each invite code must be 4-64 of A-Z a-z 0-9 _ -' })
  inviteCodes?: string[];
}

export class JoinEventDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2()
  country?: string;

  @IsOptional()
  @IsString()
  @Length(2, 35)
  @IsLocale()
  locale?: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  inviteCode?: string;
}

export class IssueTokenDto {
  @IsIn(['operator', 'screen'])
  role!: 'operator' | 'screen';

  @IsString()
  @Matches(EVENT_ID, { message: `eventId ${EVENT_ID_MESSAGE}` })
  eventId!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;
}
