// The poll composer: kind, question and options in English plus the languages added on demand,
// multi/rating/ranking/text settings, results mode, and predictions of a crash result.
import { View } from '../core/component.js';
import { h, onSubmit } from '../core/dom.js';
import { LOCALES, LOCALE_NAMES, locale, type Locale } from '../core/i18n.js';
import { COMMON_TESTS } from '../core/names.js';
import type { EventState } from '../core/types.js';
import { I18nInput, OptionList } from './composer-fields.js';
import { ITEM_ID, type Ctx } from './context.js';
import { t } from './words.js';
import { kindNode, tp, trp, trpAttr } from './kinds-words.js';
import { button, choice, command, field, toast, tr, trAttr, uid } from './ui.js';

const KINDS = ['single', 'multi', 'rating', 'wordcloud', 'ranking', 'text'] as const;
const RESULTS = ['live', 'on-reveal', 'hidden'] as const;
const EXTRA: Exclude<Locale, 'en'>[] = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en');
type Kind = (typeof KINDS)[number];

/** A prediction: a single poll on one entry's result in one test, with star or score-band options. */
class PredictionFields extends View<EventState> {
  readonly el: HTMLElement;
  readonly box: HTMLElement;
  private readonly predict = h('input', { attrs: { type: 'checkbox' } });
  private readonly entry = h('select');
  private readonly test = h('input', { attrs: { type: 'text', maxlength: 40, list: uid('tests') } });
  private readonly testList = h('datalist', { attrs: { id: this.test.getAttribute('list') ?? '' } });
  private readonly useStars: HTMLInputElement;
  private readonly useBands: HTMLInputElement;
  private entriesSig = '';

  constructor(changed: () => void) {
    super();
    trAttr(this.test, 'placeholder', 'crash.testPlaceholder');
    const bandsName = uid('bands');
    this.useStars = h('input', { attrs: { type: 'radio', name: bandsName, value: 'stars', checked: true } });
    this.useBands = h('input', { attrs: { type: 'radio', name: bandsName, value: 'bands' } });
    for (const r of [this.predict, this.useStars, this.useBands]) r.addEventListener('change', changed);
    this.box = h(
      'div',
      { class: 'predict-box' },
      h('div', { class: 'row' }, field('composer.entry', this.entry), field('composer.test', this.test, this.testList)),
      h(
        'div',
        { class: 'segmented', attrs: { role: 'radiogroup' } },
        h('label', { class: 'seg' }, this.useStars, h('span', {}, tr('composer.starOptions'))),
        h('label', { class: 'seg' }, this.useBands, h('span', {}, tr('composer.bandOptions'))),
      ),
    );
    const toggle = h('label', { class: 'check' }, this.predict, h('span', {}, tr('composer.prediction')));
    this.el = h('div', { class: 'block' }, toggle, this.box);
  }

  get checked(): boolean {
    return this.predict.checked;
  }

  get bands(): boolean {
    return this.useBands.checked;
  }

  get stars(): boolean {
    return this.useStars.checked;
  }

  reset(): void {
    this.predict.checked = false;
    this.useStars.checked = true;
  }

  /** `predicts` of poll:create; problems are added to `problems`. */
  payload(problems: string[]): { entryId: string; test: string } {
    const test = this.test.value.trim();
    if (!this.entry.value) problems.push(t('composer.needEntry'));
    if (!ITEM_ID.test(test)) problems.push(t('composer.needTest'));
    return { entryId: this.entry.value, test };
  }

  /** The entries and tests to pick from follow the board. */
  update(state: EventState): void {
    const sig = JSON.stringify([state.board.rows.map((r) => [r.entryId, r.name]), state.board.tests, locale()]);
    if (sig === this.entriesSig) return;
    this.entriesSig = sig;
    const chosen = this.entry.value;
    const rows = [...state.board.rows].sort((a, b) => a.name.localeCompare(b.name));
    this.entry.replaceChildren(
      h('option', { attrs: { value: '' } }, t('composer.pickEntry')),
      ...rows.map((r) => h('option', { attrs: { value: r.entryId } }, `${r.name} · ${r.brand}`)),
    );
    this.entry.value = rows.some((r) => r.entryId === chosen) ? chosen : '';
    const tests = new Set([...state.board.tests, ...COMMON_TESTS]);
    this.testList.replaceChildren(...[...tests].map((test) => h('option', { attrs: { value: test } })));
  }
}

export class PollComposer extends View<EventState> {
  readonly el = h('form', { class: 'card composer', attrs: { novalidate: true } });
  private kind: Kind = 'single';
  private readonly question = new I18nInput(this.el, 'composer.questionEn', 300);
  private readonly options = new OptionList(this.el, () => this.sync());
  private readonly maxChoices = h('input', { attrs: { type: 'number', min: 1, max: 20, step: 1 } });
  private readonly scaleMin = h('input', { attrs: { type: 'number', step: 1, value: 1, min: -100, max: 100 } });
  private readonly scaleMax = h('input', { attrs: { type: 'number', step: 1, value: 5, min: -100, max: 100 } });
  private readonly maxRank = h('input', { attrs: { type: 'number', min: 1, max: 20, step: 1 } });
  private readonly moderated = h('input', { attrs: { type: 'checkbox', checked: true } });
  private readonly results = choice(RESULTS, (r) => `mode.${r}`, 'live');
  private readonly pollId = h('input', { attrs: { type: 'text', maxlength: 40, pattern: ITEM_ID.source } });
  private readonly prediction: PredictionFields;
  private readonly optionsBlock: HTMLElement;
  private readonly multiBlock: HTMLElement;
  private readonly ratingBlock: HTMLElement;
  private readonly rankingBlock: HTMLElement;
  private readonly textBlock: HTMLElement;
  private readonly create = button('composer.create', (b) => this.submit(false, b));
  private readonly createOpen = button('composer.createOpen', (b) => this.submit(true, b), 'secondary');

  constructor(private readonly ctx: Ctx) {
    super();
    const kinds = this.kindGroup();
    const langs = this.languageToggles();
    trAttr(this.maxChoices, 'placeholder', 'composer.maxChoicesAll');
    this.prediction = new PredictionFields(() => this.sync());
    trAttr(this.pollId, 'placeholder', 'composer.idAuto');
    this.optionsBlock = h(
      'div',
      { class: 'block' },
      h('h3', {}, tr('composer.options')),
      this.options.el,
      this.options.addButton,
    );
    this.multiBlock = field('composer.maxChoices', this.maxChoices);
    this.ratingBlock = h(
      'div',
      { class: 'row' },
      field('composer.scaleMin', this.scaleMin),
      field('composer.scaleMax', this.scaleMax),
    );
    this.maxRank.id = uid('f');
    trpAttr(this.maxRank, 'placeholder', 'composer.maxRankAll');
    this.rankingBlock = h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: this.maxRank.id } }, trp('composer.maxRank')),
      this.maxRank,
    );
    this.textBlock = h('label', { class: 'check' }, this.moderated, h('span', {}, trp('composer.moderated')));
    this.el.append(
      h('h2', {}, tr('composer.title')),
      kinds,
      langs,
      h('div', { class: 'block' }, h('h3', {}, tr('composer.question')), this.question.el),
      this.optionsBlock,
      this.multiBlock,
      this.ratingBlock,
      this.rankingBlock,
      this.textBlock,
      this.prediction.el,
      h('div', { class: 'row' }, field('composer.results', this.results), field('composer.id', this.pollId)),
      h(
        'div',
        { class: 'row actions' },
        this.create,
        this.createOpen,
        button('composer.clear', () => this.clear(), 'secondary'),
      ),
    );
    this.el.addEventListener(
      'submit',
      onSubmit(() => this.submit(false, this.create)),
    );
    for (const code of EXTRA) this.el.dataset[`lang${code}`] = 'off';
    this.clear();
  }

  private kindGroup(): HTMLElement {
    const group = h('div', { class: 'segmented', attrs: { role: 'radiogroup' } });
    const name = uid('kind');
    for (const k of KINDS) {
      const radio = h('input', { attrs: { type: 'radio', name, value: k, checked: k === this.kind } });
      radio.addEventListener('change', () => {
        this.kind = k;
        this.sync();
      });
      group.append(h('label', { class: 'seg' }, radio, h('span', {}, kindNode(k))));
    }
    return group;
  }

  /** A chip per language beside English: its inputs show while it is on. */
  private languageToggles(): HTMLElement {
    const langs = h('div', { class: 'langs row' }, h('span', { class: 'muted' }, tr('composer.translations')));
    for (const code of EXTRA) {
      const toggle = h('button', { class: 'chip', attrs: { type: 'button', 'aria-pressed': 'false', lang: code } });
      toggle.append('+ ', LOCALE_NAMES[code]);
      toggle.addEventListener('click', () => {
        const on = this.el.dataset[`lang${code}`] !== 'on';
        this.el.dataset[`lang${code}`] = on ? 'on' : 'off';
        toggle.setAttribute('aria-pressed', String(on));
        toggle.firstChild!.textContent = on ? '✓ ' : '+ ';
      });
      langs.append(toggle);
    }
    return langs;
  }

  /** Shows the blocks of the kind chosen. */
  private sync(): void {
    const kind = this.kind;
    const choiceKind = kind === 'single' || kind === 'multi' || kind === 'ranking';
    const predicting = kind === 'single' && this.prediction.checked;
    const bands = predicting && this.prediction.bands;
    this.prediction.el.classList.toggle('hidden', kind !== 'single');
    this.prediction.box.classList.toggle('hidden', !predicting);
    this.optionsBlock.classList.toggle('hidden', !choiceKind || (predicting && !bands));
    this.el.classList.toggle('bands', bands);
    this.multiBlock.classList.toggle('hidden', kind !== 'multi');
    this.ratingBlock.classList.toggle('hidden', kind !== 'rating');
    this.rankingBlock.classList.toggle('hidden', kind !== 'ranking');
    this.textBlock.classList.toggle('hidden', kind !== 'text');
    this.maxChoices.max = String(Math.max(1, this.options.count));
    this.maxRank.max = String(Math.max(1, this.options.count));
    this.options.sync();
  }

  private clear(): void {
    this.question.clear();
    this.options.reset();
    this.maxChoices.value = '';
    this.scaleMin.value = '1';
    this.scaleMax.value = '5';
    this.maxRank.value = '';
    this.moderated.checked = true;
    this.pollId.value = '';
    this.prediction.reset();
    this.sync();
  }

  /** The payload of poll:create, or the problems found before sending. */
  private payload(): { body: Record<string, unknown> } | { problems: string[] } {
    const kind = this.kind;
    const problems: string[] = [];
    const body: Record<string, unknown> = { kind, results: this.results.value };
    const q = this.question.value();
    if (!q.en) problems.push(t('composer.needQuestion'));
    body.question = q;
    const id = this.pollId.value.trim();
    if (id) {
      if (!ITEM_ID.test(id)) problems.push(t('composer.badId'));
      body.id = id;
    }
    const predicting = kind === 'single' && this.prediction.checked;
    if (predicting) body.predicts = this.prediction.payload(problems);
    if ((kind === 'single' || kind === 'multi' || kind === 'ranking') && !(predicting && this.prediction.stars)) {
      const list = this.options.payload(predicting, problems);
      if (list.length < 2) problems.push(t('composer.needOptions'));
      body.options = list;
      if (kind === 'multi' && this.maxChoices.value !== '') body.maxChoices = Number(this.maxChoices.value);
      if (kind === 'ranking' && this.maxRank.value !== '') {
        const places = Number(this.maxRank.value);
        if (!Number.isInteger(places) || places < 1 || places > list.length)
          problems.push(tp('composer.badMaxRank', { n: list.length }));
        body.maxRank = places;
      }
    }
    if (kind === 'text') body.moderated = this.moderated.checked;
    if (kind === 'rating') body.scale = { min: Number(this.scaleMin.value), max: Number(this.scaleMax.value) };
    return problems.length > 0 ? { problems } : { body };
  }

  private async submit(open: boolean, b: HTMLButtonElement): Promise<void> {
    const built = this.payload();
    if ('problems' in built) {
      toast(t('composer.notReady'), 'error', built.problems);
      return;
    }
    const buttons = [this.create, this.createOpen];
    const poll = await command(this.ctx.live, 'poll:create', built.body, [...buttons, b]);
    if (!poll) return;
    if (open) {
      const opened = await command(this.ctx.live, 'poll:open', { pollId: poll.id }, buttons);
      toast(t(opened ? 'composer.createdOpen' : 'composer.created', { id: poll.id }));
    } else {
      toast(t('composer.created', { id: poll.id }));
    }
    this.clear();
  }

  update(state: EventState): void {
    this.prediction.update(state);
  }
}
