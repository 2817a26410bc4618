// Numbers for the big screen, in the screen's language (Arabic keeps Western digits, as the core does).
import { locale } from '../core/i18n.js';

function tag(): string {
  const lang = locale();
  return lang === 'ar' ? 'ar-u-nu-latn' : lang;
}

/** 62 → "62%" (or "62 %", "٪62"... as the language writes it). */
export function formatPercent(pct: number): string {
  return new Intl.NumberFormat(tag(), { style: 'percent', maximumFractionDigits: 0 }).format(pct / 100);
}

/** 4.21 → "4.2" (one decimal: enough from the back of a hall). */
export function formatDecimal(n: number): string {
  return new Intl.NumberFormat(tag(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

/** Countdown digits: 75_000 → "1:15", 3_725_000 → "1:02:05". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}
