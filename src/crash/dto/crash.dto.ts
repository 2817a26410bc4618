import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsISO31661Alpha2,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateBy,
} from 'class-validator';
import { PRINTABLE } from '../../events/dto/event.dto.js';
import { ITEM_ID, ITEM_ID_MESSAGE as ID_MESSAGE } from '../../common/ids.js';

/** At most `places` decimals, whatever the number's notation (1e-7 has seven). */
function MaxDecimals(places: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxDecimals',
    constraints: [places],
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number(value.toFixed(places)) === value,
      defaultMessage: (args) => `${args?.property ?? 'value'} must have at most ${places} decimal places`,
    },
  });
}

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const METRIC = /^[A-Za-z0-9_.-]{1,40}$/;

/** `{ [name]: finite number }`, at most 30 names. */
function IsMetrics(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isMetrics',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'metrics must be an object of up to 30 names (1-40 of A-Z a-z 0-9 _ . -) to numbers' },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= 30 &&
            entries.every(([k, v]) => METRIC.test(k) && typeof v === 'number' && Number.isFinite(v))
          );
        },
      },
    });
}

export class EntryDto {
  @ApiProperty({ description: 'The entry (car) id; the same id again updates it', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ description: 'Trimmed; printable', minLength: 1, maxLength: 80, pattern: PRINTABLE.source })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @Matches(PRINTABLE, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ description: 'Trimmed; printable', minLength: 1, maxLength: 40, pattern: PRINTABLE.source })
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'brand must not contain control characters' })
  brand!: string;

  @ApiPropertyOptional({ description: 'Trimmed; printable', minLength: 1, maxLength: 80, pattern: PRINTABLE.source })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @Matches(PRINTABLE, { message: 'model must not contain control characters' })
  model?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2, any case (stored upper case)', pattern: '^[A-Za-z]{2}$' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2()
  country?: string;
}

export class ResultDto {
  /** The caller's idempotency key: the same id again amends (or, with the same content, does nothing). */
  @ApiProperty({
    description: "The caller's idempotency key: the same id again amends (or, with the same content, does nothing)",
    pattern: ITEM_ID.source,
  })
  @Matches(ITEM_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ description: 'An entry of the event', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `entryId ${ID_MESSAGE}` })
  entryId!: string;

  @ApiProperty({ description: 'The test (e.g. front, side)', pattern: ITEM_ID.source })
  @Matches(ITEM_ID, { message: `test ${ID_MESSAGE}` })
  test!: string;

  @ApiProperty({ description: 'At most 2 decimal places', minimum: 0, maximum: 100 })
  // Not IsNumber's maxDecimalPlaces: it throws on numbers written with an exponent (1e-7).
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  @Min(0)
  @Max(100)
  score!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  stars?: number;

  @ApiPropertyOptional({
    description: 'Up to 30 names (1-40 of A-Z a-z 0-9 _ . -) to finite numbers',
    type: 'object',
    additionalProperties: { type: 'number' },
    maxProperties: 30,
  })
  @IsOptional()
  @IsMetrics()
  metrics?: Record<string, number>;
}

export class VoidDto {
  @Matches(ITEM_ID, { message: `resultId ${ID_MESSAGE}` })
  resultId!: string;
}

export class FreezeDto {
  @ApiProperty({ description: 'True: the board stops changing for the audience' })
  @IsBoolean()
  frozen!: boolean;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ description: "Only this result's trail", pattern: ITEM_ID.source })
  @IsOptional()
  @Matches(ITEM_ID, { message: `resultId ${ID_MESSAGE}` })
  resultId?: string;
}
