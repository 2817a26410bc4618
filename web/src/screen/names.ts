// Names on the screen in the screen's language: crash tests and countries.
import { locale, type Locale } from '../core/i18n.js';

/** Crash test names the screen knows; any other is shown as sent, tidied ("side-pole" → "Side pole"). */
const TESTS: Record<Locale, Record<string, string>> = {
  en: {
    frontal: 'Frontal',
    side: 'Side',
    'side-pole': 'Side pole',
    rear: 'Rear',
    rollover: 'Rollover',
    pedestrian: 'Pedestrian',
    'small-overlap': 'Small overlap',
  },
  zh: {
    frontal: '正面',
    side: '侧面',
    'side-pole': '侧面柱碰',
    rear: '追尾',
    rollover: '翻滚',
    pedestrian: '行人保护',
    'small-overlap': '小偏置',
  },
  es: {
    frontal: 'Frontal',
    side: 'Lateral',
    'side-pole': 'Poste lateral',
    rear: 'Trasero',
    rollover: 'Vuelco',
    pedestrian: 'Peatones',
    'small-overlap': 'Solapamiento',
  },
  pt: {
    frontal: 'Frontal',
    side: 'Lateral',
    'side-pole': 'Poste lateral',
    rear: 'Traseira',
    rollover: 'Capotamento',
    pedestrian: 'Pedestres',
    'small-overlap': 'Sobreposição',
  },
  ar: {
    frontal: 'أمامي',
    side: 'جانبي',
    'side-pole': 'عمود جانبي',
    rear: 'خلفي',
    rollover: 'انقلاب',
    pedestrian: 'المشاة',
    'small-overlap': 'تداخل صغير',
  },
};

export function testName(test: string): string {
  const known = TESTS[locale()][test] ?? TESTS.en[test];
  if (known) return known;
  const tidy = test.replace(/[-_]+/g, ' ').trim();
  return tidy.charAt(0).toUpperCase() + tidy.slice(1);
}

const regionNames = new Map<string, Intl.DisplayNames | null>();

/** A country's name in the screen's language ("ES" → "Spain", "España", "إسبانيا"...). */
export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  const lang = locale();
  if (!regionNames.has(lang)) {
    try {
      regionNames.set(lang, new Intl.DisplayNames([lang], { type: 'region' }));
    } catch {
      regionNames.set(lang, null);
    }
  }
  try {
    return regionNames.get(lang)?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
