import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Text in several languages; "en" is always present. */
export type I18nText = Record<string, string>;

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
const MAX_LOCALES = 20;

/** `{ [locale]: string }` with "en" present, a few dozen locales at most, each text 1..maxLength. */
export function IsI18nText(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isI18nText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be an object of locale to text (1-${maxLength} characters), with "en"`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          if (entries.length > MAX_LOCALES || typeof (value as Record<string, unknown>).en !== 'string') return false;
          return entries.every(
            ([locale, text]) =>
              LOCALE.test(locale) &&
              typeof text === 'string' &&
              text.trim().length > 0 &&
              text.length <= maxLength &&
              // eslint-disable-next-line no-control-regex
              !/[\u0000-\u001f\u007f]/.test(text),
          );
        },
      },
    });
}
