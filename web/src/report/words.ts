// The report page's words (`report.*`, shared `common.*` in the message catalogs) and Intl helpers.
import { intlTag, scoped, type Keys } from '../core/i18n.js';

export type Key = Keys<'report'>;
export { intlTag };

export const t = scoped('report');

/** A date and time in the interface language. */
export function dateTime(ms: number): string {
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A minute of the event (with its day when the event spans more than one). */
export function minuteLabel(ms: number, withDay: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDay
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(intlTag(), options).format(ms);
}

/** A share as a percentage in the interface language. */
export function share(part: number, whole: number): string {
  const value = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(intlTag(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A list ("a, b and c") in the interface language. */
export function listOf(items: string[]): string {
  return new Intl.ListFormat(intlTag(), { type: 'conjunction' }).format(items);
}
