// Parts of the poll composer: a text in every language (I18nInput) and the options (OptionList).
import { h } from '../core/dom.js';
import { LOCALES, LOCALE_NAMES, type Locale } from '../core/i18n.js';
import type { I18nText } from '../core/types.js';
import { t, type Key } from './words.js';
import { button, trAttr } from './ui.js';

const MAX_OPTIONS = 20;

/** Labels an English input (its placeholder and accessible name), kept in the console's language. */
export type EnglishLabel = (input: HTMLInputElement) => void;

/** Inputs for one text in every language; the composer shows the languages switched on. */
export class I18nInput {
  readonly el: HTMLElement;
  private readonly inputs = new Map<Locale, HTMLInputElement>();

  /** `english`: the console's key for the English input's label, or a function that labels it. */
  constructor(
    private readonly root: HTMLElement,
    english: Key | EnglishLabel,
    maxLength: number,
  ) {
    this.el = h('div', { class: 'i18n-input' });
    const label: EnglishLabel =
      typeof english === 'function'
        ? english
        : (input) => {
            trAttr(input, 'placeholder', english);
            trAttr(input, 'aria-label', english);
          };
    for (const code of LOCALES) {
      const input = h('input', {
        class: `lang-${code}`,
        attrs: { type: 'text', maxlength: maxLength, lang: code, dir: code === 'ar' ? 'rtl' : 'auto' },
      });
      if (code === 'en') label(input);
      else {
        input.placeholder = LOCALE_NAMES[code];
        input.setAttribute('aria-label', LOCALE_NAMES[code]);
      }
      this.inputs.set(code, input);
      this.el.append(input);
    }
  }

  get english(): HTMLInputElement {
    return this.inputs.get('en') as HTMLInputElement;
  }

  isEmpty(): boolean {
    return [...this.inputs.values()].every((i) => i.value.trim() === '');
  }

  value(): I18nText {
    const text: I18nText = {};
    for (const [code, input] of this.inputs) {
      const v = input.value.trim();
      if (v && (code === 'en' || this.root.dataset[`lang${code}`] === 'on')) text[code] = v;
    }
    return text;
  }

  clear(): void {
    for (const input of this.inputs.values()) input.value = '';
  }
}

interface OptionRow {
  el: HTMLElement;
  remove: HTMLButtonElement;
  text: I18nInput;
  min: HTMLInputElement;
  max: HTMLInputElement;
}

/** The options of a choice poll: 2 to 20, each in every language, with a score band for predictions. */
export class OptionList {
  readonly el = h('div', { class: 'option-list' });
  readonly addButton: HTMLButtonElement;
  private readonly rows: OptionRow[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly changed: () => void,
  ) {
    this.addButton = button('composer.addOption', () => this.add(), 'secondary small');
  }

  get count(): number {
    return this.rows.length;
  }

  add(): void {
    if (this.rows.length >= MAX_OPTIONS) return;
    const text = new I18nInput(this.root, 'composer.optionEn', 120);
    const min = h('input', { class: 'band', attrs: { type: 'number', min: 0, max: 100, step: 'any' } });
    const max = h('input', { class: 'band', attrs: { type: 'number', min: 0, max: 100, step: 'any' } });
    trAttr(min, 'placeholder', 'composer.bandMin');
    trAttr(max, 'placeholder', 'composer.bandMax');
    trAttr(min, 'aria-label', 'composer.bandMin');
    trAttr(max, 'aria-label', 'composer.bandMax');
    const remove = button(
      'composer.removeOption',
      () => {
        if (this.rows.length <= 2) return;
        this.rows.splice(this.rows.indexOf(row), 1);
        row.el.remove();
        this.changed();
      },
      'secondary small',
    );
    const row: OptionRow = { el: h('div', { class: 'option-row' }), remove, text, min, max };
    row.el.append(text.el, h('div', { class: 'band-fields row' }, min, max), remove);
    this.rows.push(row);
    this.el.append(row.el);
    this.changed();
  }

  /** Back to two empty options. */
  reset(): void {
    for (const row of this.rows.splice(0)) row.el.remove();
    this.add();
    this.add();
  }

  /** Remove buttons while more than two, the add button while fewer than twenty. */
  sync(): void {
    for (const row of this.rows) row.remove.classList.toggle('hidden', this.rows.length <= 2);
    this.addButton.classList.toggle('hidden', this.rows.length >= MAX_OPTIONS);
  }

  /** The options filled in, for poll:create (with score bands when `bands`); problems are added to `problems`. */
  payload(bands: boolean, problems: string[]): Record<string, unknown>[] {
    const rows = this.rows.filter((r) => !r.text.isEmpty() || r.min.value !== '' || r.max.value !== '');
    return rows.map((r, i) => {
      const label = r.text.value();
      if (!label.en) problems.push(t('composer.needOptionLabel', { n: i + 1 }));
      const option: Record<string, unknown> = { label };
      if (bands) {
        const min = Number(r.min.value);
        const max = Number(r.max.value);
        if (r.min.value === '' || r.max.value === '' || !(min <= max)) {
          problems.push(t('composer.badBand', { n: i + 1 }));
        }
        option.min = min;
        option.max = max;
      }
      return option;
    });
  }
}
