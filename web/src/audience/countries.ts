// ISO 3166-1 alpha-2 countries, named in the interface language by the browser (Intl.DisplayNames).
import { locale } from '../core/i18n.js';

const CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV ' +
  'BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ' +
  'ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE ' +
  'IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU ' +
  'NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM ' +
  'SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE ' +
  'VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const namers = new Map<string, Intl.DisplayNames | null>();

function namer(): Intl.DisplayNames | null {
  const tag = locale();
  if (!namers.has(tag)) {
    try {
      namers.set(tag, new Intl.DisplayNames([tag], { type: 'region' }));
    } catch {
      namers.set(tag, null);
    }
  }
  return namers.get(tag) ?? null;
}

/** The country's name in the interface language (the code itself when the browser cannot name it). */
export function countryName(code: string): string {
  try {
    return namer()?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The flag emoji of a country code (regional indicator letters). */
export function flag(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return '';
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** Every country, sorted by its name in the interface language. */
export function countryList(): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale());
  return CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
}

/** A first guess from the browser's languages (`es-MX` → MX), or empty. */
export function guessCountry(): string {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const region = /^[a-z]{2,3}(?:-[A-Za-z]{4})?-([A-Za-z]{2})\b/.exec(tag)?.[1]?.toUpperCase();
    if (region && CODES.includes(region)) return region;
  }
  return '';
}
