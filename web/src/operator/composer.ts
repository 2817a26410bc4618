// The poll composer: kind, question and options in English plus the languages added on demand,
// multi/rating settings, results mode, and predictions of a crash result.
import { h } from '../core/dom.js';
import { LOCALES, LOCALE_NAMES, locale, type Locale } from '../core/i18n.js';
import type { EventState, I18nText, Poll } from '../core/types.js';
import { ITEM_ID, type Ctx } from './context.js';
import { t, type Key } from './i18n.js';
import { button, choice, command, field, toast, tr, trAttr, uid } from './ui.js';

const KINDS = ['single', 'multi', 'rating', 'wordcloud'] as const;
const RESULTS = ['live', 'on-reveal', 'hidden'] as const;
const EXTRA: Exclude<Locale, 'en'>[] = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en');
type Kind = (typeof KINDS)[number];

/** Inputs for one text in every language; the composer shows the languages switched on. */
class I18nInput {
  readonly el: HTMLElement;
  private readonly inputs = new Map<Locale, HTMLInputElement>();

  constructor(
    private readonly root: HTMLElement,
    placeholderKey: Key,
    maxLength: number,
  ) {
    this.el = h('div', { class: 'i18n-input' });
    for (const code of LOCALES) {
      const input = h('input', {
        class: `lang-${code}`,
        attrs: { type: 'text', maxlength: maxLength, lang: code, dir: code === 'ar' ? 'rtl' : 'auto' },
      });
      if (code === 'en') trAttr(input, 'placeholder', placeholderKey);
      else input.placeholder = LOCALE_NAMES[code];
      input.setAttribute('aria-label', code === 'en' ? t(placeholderKey) : LOCALE_NAMES[code]);
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

export function pollComposer(ctx: Ctx): { el: HTMLElement; update(state: EventState): void } {
  const root = h('form', { class: 'card composer', attrs: { novalidate: true } });
  let kind: Kind = 'single';

  const kindGroup = h('div', { class: 'segmented', attrs: { role: 'radiogroup' } });
  const kindName = uid('kind');
  for (const k of KINDS) {
    const radio = h('input', { attrs: { type: 'radio', name: kindName, value: k, checked: k === kind } });
    radio.addEventListener('change', () => {
      kind = k;
      sync();
    });
    kindGroup.append(h('label', { class: 'seg' }, radio, h('span', {}, tr(`kind.${k}`))));
  }

  const langs = h('div', { class: 'langs row' }, h('span', { class: 'muted' }, tr('composer.translations')));
  for (const code of EXTRA) {
    const toggle = h('button', { class: 'chip', attrs: { type: 'button', 'aria-pressed': 'false', lang: code } });
    toggle.append('+ ', LOCALE_NAMES[code]);
    toggle.addEventListener('click', () => {
      const on = root.dataset[`lang${code}`] !== 'on';
      root.dataset[`lang${code}`] = on ? 'on' : 'off';
      toggle.setAttribute('aria-pressed', String(on));
      toggle.firstChild!.textContent = on ? '✓ ' : '+ ';
    });
    langs.append(toggle);
  }

  const question = new I18nInput(root, 'composer.questionEn', 300);
  const options: OptionRow[] = [];
  const optionList = h('div', { class: 'option-list' });
  const addOption = (): void => {
    if (options.length >= 20) return;
    const text = new I18nInput(root, 'composer.optionEn', 120);
    const min = h('input', { class: 'band', attrs: { type: 'number', min: 0, max: 100, step: 'any' } });
    const max = h('input', { class: 'band', attrs: { type: 'number', min: 0, max: 100, step: 'any' } });
    trAttr(min, 'placeholder', 'composer.bandMin');
    trAttr(max, 'placeholder', 'composer.bandMax');
    trAttr(min, 'aria-label', 'composer.bandMin');
    trAttr(max, 'aria-label', 'composer.bandMax');
    const remove = button(
      'composer.removeOption',
      () => {
        if (options.length <= 2) return;
        options.splice(options.indexOf(row), 1);
        row.el.remove();
        sync();
      },
      'secondary small',
    );
    const row: OptionRow = { el: h('div', { class: 'option-row' }), remove, text, min, max };
    row.el.append(text.el, h('div', { class: 'band-fields row' }, min, max), remove);
    options.push(row);
    optionList.append(row.el);
    sync();
  };
  const addButton = button('composer.addOption', addOption, 'secondary small');

  const maxChoices = h('input', { attrs: { type: 'number', min: 1, max: 20, step: 1 } });
  trAttr(maxChoices, 'placeholder', 'composer.maxChoicesAll');
  const scaleMin = h('input', { attrs: { type: 'number', step: 1, value: 1, min: -100, max: 100 } });
  const scaleMax = h('input', { attrs: { type: 'number', step: 1, value: 5, min: -100, max: 100 } });
  const results = choice(RESULTS, (r) => `mode.${r}`, 'live');

  // A prediction: a single poll on one entry's result in one test.
  const predict = h('input', { attrs: { type: 'checkbox' } });
  const predictEntry = h('select');
  const predictTest = h('input', { attrs: { type: 'text', maxlength: 40, list: uid('tests') } });
  const testList = h('datalist', { attrs: { id: predictTest.getAttribute('list') ?? '' } });
  trAttr(predictTest, 'placeholder', 'crash.testPlaceholder');
  const bandsName = uid('bands');
  const useStars = h('input', { attrs: { type: 'radio', name: bandsName, value: 'stars', checked: true } });
  const useBands = h('input', { attrs: { type: 'radio', name: bandsName, value: 'bands' } });
  for (const r of [predict, useStars, useBands]) r.addEventListener('change', () => sync());
  const predictBox = h(
    'div',
    { class: 'predict-box' },
    h('div', { class: 'row' }, field('composer.entry', predictEntry), field('composer.test', predictTest, testList)),
    h(
      'div',
      { class: 'segmented', attrs: { role: 'radiogroup' } },
      h('label', { class: 'seg' }, useStars, h('span', {}, tr('composer.starOptions'))),
      h('label', { class: 'seg' }, useBands, h('span', {}, tr('composer.bandOptions'))),
    ),
  );

  const pollId = h('input', { attrs: { type: 'text', maxlength: 40, pattern: ITEM_ID.source } });
  trAttr(pollId, 'placeholder', 'composer.idAuto');

  const optionsBlock = h('div', { class: 'block' }, h('h3', {}, tr('composer.options')), optionList, addButton);
  const multiBlock = field('composer.maxChoices', maxChoices);
  const ratingBlock = h(
    'div',
    { class: 'row' },
    field('composer.scaleMin', scaleMin),
    field('composer.scaleMax', scaleMax),
  );
  const predictToggle = h('label', { class: 'check' }, predict, h('span', {}, tr('composer.prediction')));
  const predictBlock = h('div', { class: 'block' }, predictToggle, predictBox);

  const create = button('composer.create', (b) => submit(false, b));
  const createOpen = button('composer.createOpen', (b) => submit(true, b), 'secondary');
  const reset = button('composer.clear', () => clearForm(), 'secondary');

  root.append(
    h('h2', {}, tr('composer.title')),
    kindGroup,
    langs,
    h('div', { class: 'block' }, h('h3', {}, tr('composer.question')), question.el),
    optionsBlock,
    multiBlock,
    ratingBlock,
    predictBlock,
    h('div', { class: 'row' }, field('composer.results', results), field('composer.id', pollId)),
    h('div', { class: 'row actions' }, create, createOpen, reset),
  );
  root.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(false, create);
  });
  for (const code of EXTRA) root.dataset[`lang${code}`] = 'off';

  function sync(): void {
    const choiceKind = kind === 'single' || kind === 'multi';
    const predicting = kind === 'single' && predict.checked;
    const bands = predicting && useBands.checked;
    predictBlock.classList.toggle('hidden', kind !== 'single');
    predictBox.classList.toggle('hidden', !predicting);
    optionsBlock.classList.toggle('hidden', !choiceKind || (predicting && !bands));
    root.classList.toggle('bands', bands);
    multiBlock.classList.toggle('hidden', kind !== 'multi');
    ratingBlock.classList.toggle('hidden', kind !== 'rating');
    maxChoices.max = String(Math.max(1, options.length));
    for (const row of options) row.remove.classList.toggle('hidden', options.length <= 2);
    addButton.classList.toggle('hidden', options.length >= 20);
  }

  function clearForm(): void {
    question.clear();
    for (const row of options.splice(0)) row.el.remove();
    addOption();
    addOption();
    maxChoices.value = '';
    scaleMin.value = '1';
    scaleMax.value = '5';
    pollId.value = '';
    predict.checked = false;
    useStars.checked = true;
    sync();
  }

  /** The payload of poll:create, or the problems found before sending. */
  function payload(): { body: Record<string, unknown> } | { problems: string[] } {
    const problems: string[] = [];
    const body: Record<string, unknown> = { kind, results: results.value };
    const q = question.value();
    if (!q.en) problems.push(t('composer.needQuestion'));
    body.question = q;
    const id = pollId.value.trim();
    if (id) {
      if (!ITEM_ID.test(id)) problems.push(t('composer.badId'));
      body.id = id;
    }
    const predicting = kind === 'single' && predict.checked;
    if (predicting) {
      const test = predictTest.value.trim();
      if (!predictEntry.value) problems.push(t('composer.needEntry'));
      if (!ITEM_ID.test(test)) problems.push(t('composer.needTest'));
      body.predicts = { entryId: predictEntry.value, test };
    }
    if ((kind === 'single' || kind === 'multi') && !(predicting && useStars.checked)) {
      const rows = options.filter((r) => !r.text.isEmpty() || r.min.value !== '' || r.max.value !== '');
      const list = rows.map((r, i) => {
        const label = r.text.value();
        if (!label.en) problems.push(t('composer.needOptionLabel', { n: i + 1 }));
        const option: Record<string, unknown> = { label };
        if (predicting) {
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
      if (list.length < 2) problems.push(t('composer.needOptions'));
      body.options = list;
      if (kind === 'multi' && maxChoices.value !== '') body.maxChoices = Number(maxChoices.value);
    }
    if (kind === 'rating') body.scale = { min: Number(scaleMin.value), max: Number(scaleMax.value) };
    return problems.length > 0 ? { problems } : { body };
  }

  async function submit(open: boolean, b: HTMLButtonElement): Promise<void> {
    const built = payload();
    if ('problems' in built) {
      toast(t('composer.notReady'), 'error', built.problems);
      return;
    }
    const poll = await command<Poll>(ctx.live, 'poll:create', built.body, [create, createOpen, b]);
    if (!poll) return;
    if (open) {
      const opened = await command<Poll>(ctx.live, 'poll:open', { pollId: poll.id }, [create, createOpen]);
      toast(t(opened ? 'composer.createdOpen' : 'composer.created', { id: poll.id }));
    } else {
      toast(t('composer.created', { id: poll.id }));
    }
    clearForm();
  }

  clearForm();

  let entriesSig = '';
  return {
    el: root,
    update(state: EventState): void {
      const sig = JSON.stringify([state.board.rows.map((r) => [r.entryId, r.name]), state.board.tests, locale()]);
      if (sig === entriesSig) return;
      entriesSig = sig;
      const chosen = predictEntry.value;
      const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
      predictEntry.replaceChildren(
        h('option', { attrs: { value: '' } }, t('composer.pickEntry')),
        ...rows.map((r) => h('option', { attrs: { value: r.entryId } }, `${r.name} · ${r.brand}`)),
      );
      predictEntry.value = rows.some((r) => r.entryId === chosen) ? chosen : '';
      const tests = new Set([...state.board.tests, 'frontal', 'side', 'side-pole', 'rear', 'rollover']);
      testList.replaceChildren(...[...tests].map((test) => h('option', { attrs: { value: test } })));
    },
  };
}
