// Names the three pages show in the interface language: countries (ISO 3166-1 alpha-2, named by
// the browser through Intl.DisplayNames) and crash tests (named here).
import { locale, type Locale } from './i18n.js';

const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV ' +
  'BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ' +
  'ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE ' +
  'IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU ' +
  'NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM ' +
  'SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE ' +
  'VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const regionNames = new Map<string, Intl.DisplayNames | null>();

function regionNamer(): Intl.DisplayNames | null {
  const tag = locale();
  if (!regionNames.has(tag)) {
    try {
      regionNames.set(tag, new Intl.DisplayNames([tag], { type: 'region' }));
    } catch {
      regionNames.set(tag, null);
    }
  }
  return regionNames.get(tag) ?? null;
}

/** A country's name ("ES" → "Spain", "España", "إسبانيا"...); the code itself when the browser cannot name it, '' for none. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return regionNamer()?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The flag emoji of a country code (regional indicator letters). */
export function flag(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return '';
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** "🇪🇸 Spain". */
export function countryLabel(code: string): string {
  return `${flag(code)} ${countryName(code)}`;
}

/** Every country, sorted by its name in the interface language. */
export function countryList(): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale());
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) =>
    collator.compare(a.name, b.name),
  );
}

/** A first guess from the browser's languages (`es-MX` → MX), or empty. */
export function guessCountry(): string {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const region = /^[a-z]{2,3}(?:-[A-Za-z]{4})?-([A-Za-z]{2})\b/.exec(tag)?.[1]?.toUpperCase();
    if (region && COUNTRY_CODES.includes(region)) return region;
  }
  return '';
}

/** The tests the operator's forms suggest before the board has any. */
export const COMMON_TESTS = ['frontal', 'side', 'side-pole', 'rear', 'rollover', 'pedestrian'];

interface TestNames {
  name: Record<Locale, string>;
  /** Shorter, where it differs, for the columns of the big screen's board. */
  short?: Partial<Record<Locale, string>>;
}

const TESTS: Record<string, TestNames> = {
  frontal: {
    name: { en: 'Frontal', zh: '正面碰撞', es: 'Frontal', pt: 'Frontal', ar: 'أمامي' },
    short: { zh: '正面' },
  },
  side: { name: { en: 'Side', zh: '侧面碰撞', es: 'Lateral', pt: 'Lateral', ar: 'جانبي' }, short: { zh: '侧面' } },
  'side-pole': {
    name: { en: 'Side pole', zh: '侧面柱碰', es: 'Poste lateral', pt: 'Poste lateral', ar: 'عمود جانبي' },
  },
  rear: { name: { en: 'Rear', zh: '追尾', es: 'Trasero', pt: 'Traseira', ar: 'خلفي' } },
  rollover: { name: { en: 'Rollover', zh: '翻滚', es: 'Vuelco', pt: 'Capotamento', ar: 'انقلاب' } },
  pedestrian: {
    name: { en: 'Pedestrian', zh: '行人保护', es: 'Peatones', pt: 'Pedestres', ar: 'حماية المشاة' },
    short: { ar: 'المشاة' },
  },
  offset: { name: { en: 'Offset', zh: '偏置碰撞', es: 'Desplazado', pt: 'Deslocado', ar: 'إزاحة' } },
  'small-overlap': {
    name: {
      en: 'Small overlap',
      zh: '小偏置碰撞',
      es: 'Solapamiento reducido',
      pt: 'Sobreposição pequena',
      ar: 'تداخل صغير',
    },
    short: { zh: '小偏置', es: 'Solapamiento', pt: 'Sobreposição' },
  },
  whiplash: {
    name: { en: 'Whiplash', zh: '挥鞭伤', es: 'Latigazo cervical', pt: 'Efeito chicote', ar: 'إصابة الرقبة' },
  },
};

function known(test: string): TestNames | undefined {
  const key = test.toLowerCase();
  return Object.hasOwn(TESTS, key) ? TESTS[key] : undefined;
}

/** A crash test's name in the interface language; any other test shows under its own name. */
export function testName(test: string): string {
  return known(test)?.name[locale()] ?? test;
}

/** A crash test's name as a column of the big screen: short; any other test tidied ("side-impact" → "Side impact"). */
export function testColumn(test: string): string {
  const names = known(test);
  if (names) return names.short?.[locale()] ?? names.name[locale()];
  const tidy = test.replace(/[-_]+/g, ' ').trim();
  return tidy.charAt(0).toUpperCase() + tidy.slice(1);
}
