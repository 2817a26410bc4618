// The pages' message catalogs (web/i18n/<language>.json, ICU MessageFormat, formatted in the
// browser by intl-messageformat): every language has exactly English's keys, every message parses
// in its language, names the same placeholders as English's, and counts only with the plural
// categories its language has. Adding a language is adding its file; this test then checks it.
import { readdirSync, readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

const DIR = new URL('../../web/i18n/', import.meta.url);
const CATALOGS: Record<string, Record<string, string>> = Object.fromEntries(
  readdirSync(DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [
      file.slice(0, -'.json'.length),
      JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Record<string, string>,
    ]),
);
const EN = CATALOGS.en ?? {};
const LANGUAGES = Object.keys(CATALOGS).filter((code) => code !== 'en');

/** An element of a parsed message, as far as this test reads it. */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

/** The arguments of a message ({n}, {count, plural, ...}), and the plural categories it uses. */
function read(message: string, code: string): { args: string[]; categories: string[] } {
  const tag = code === 'ar' ? 'ar-u-nu-latn' : code;
  const ast = new IntlMessageFormat(message, tag, undefined, { ignoreTag: true }).getAst() as Element[];
  const args = new Set<string>();
  const categories = new Set<string>();
  const walk = (elements: Element[]): void => {
    for (const el of elements) {
      // argument, number, date, time, select, plural
      if (el.type >= 1 && el.type <= 6 && typeof el.value === 'string') args.add(el.value);
      if (el.type === 6 && el.options)
        for (const name of Object.keys(el.options)) if (!name.startsWith('=')) categories.add(name);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
      if (el.children) walk(el.children);
    }
  };
  walk(ast);
  return { args: [...args].sort(), categories: [...categories].sort() };
}

describe('the message catalogs (web/i18n)', () => {
  it('has English and the other languages, each with its name and direction', () => {
    expect(Object.keys(EN).length).toBeGreaterThan(500);
    expect(LANGUAGES).toEqual(expect.arrayContaining(['zh', 'es', 'pt', 'ar', 'fr']));
    for (const [code, catalog] of Object.entries(CATALOGS)) {
      expect(catalog['language.name']).toBeTruthy();
      expect(['ltr', 'rtl']).toContain(catalog['language.dir']);
      expect(code).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
    }
  });

  it.each(LANGUAGES)('%s has exactly the keys of English', (code) => {
    const keys = Object.keys(CATALOGS[code] ?? {});
    const missing = Object.keys(EN).filter((key) => !keys.includes(key));
    const extra = keys.filter((key) => !(key in EN));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(Object.keys(CATALOGS))('every %s message parses, with only the plural categories of the language', (code) => {
    const known = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];
    const problems: string[] = [];
    for (const [key, message] of Object.entries(CATALOGS[code] ?? {})) {
      if (typeof message !== 'string' || message === '') {
        problems.push(`${key}: not a text`);
        continue;
      }
      try {
        const { categories } = read(message, code);
        const unknown = categories.filter((category) => !known.includes(category));
        if (unknown.length > 0) problems.push(`${key}: plural categories ${unknown.join(', ')} not in ${code}`);
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGUAGES)('every %s message has the same placeholders as English', (code) => {
    const problems: string[] = [];
    for (const [key, message] of Object.entries(CATALOGS[code] ?? {})) {
      const english = EN[key];
      if (english === undefined) continue;
      try {
        const mine = read(message, code).args.join(',');
        const theirs = read(english, 'en').args.join(',');
        if (mine !== theirs) problems.push(`${key}: {${mine}} where English has {${theirs}}`);
      } catch {
        // Reported by the parse test.
      }
    }
    expect(problems).toEqual([]);
  });

  it('formats a counted phrase by each language rules (Arabic with its six forms)', () => {
    const format = (code: string, key: string, count: number): string =>
      String(
        new IntlMessageFormat(CATALOGS[code]?.[key] ?? '', code === 'ar' ? 'ar-u-nu-latn' : code, undefined, {
          ignoreTag: true,
        }).format({ count, n: String(count) }),
      );
    expect(format('en', 'audience.votes', 1)).toBe('1 vote');
    expect(format('en', 'audience.votes', 12)).toBe('12 votes');
    const arabic = [0, 1, 2, 3, 11, 100].map((n) => format('ar', 'audience.votes', n));
    expect(new Set(arabic).size).toBe(6);
  });
});
