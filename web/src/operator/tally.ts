// The live tally of one poll: bars (updated in place so they glide), total, mean, countries, words;
// a ranking poll's options by points (rows slide into their new order), with firsts.
import { answerWords } from '../core/answer-words.js';
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { formatNumber, locale, pickText } from '../core/i18n.js';
import { inOrder } from '../core/keyed-list.js';
import type { Poll, Tally } from '../core/types.js';
import { t } from './words.js';
import { tp } from './kinds-words.js';
import { percent } from './ui.js';

interface Bar {
  row: HTMLElement;
  fill: HTMLElement;
  count: HTMLElement;
}

interface RankRow {
  row: HTMLElement;
  label: HTMLElement;
  place: HTMLElement;
  fill: HTMLElement;
  count: HTMLElement;
}

const TOP_COUNTRIES = 8;

/** The keys a poll counts: option ids, or the values of its scale. */
function keysOf(poll: Poll): { key: string; label: string; correct: boolean }[] {
  if (poll.kind === 'rating') {
    const { min, max } = poll.scale ?? { min: 1, max: 5 };
    const out = [];
    for (let v = min; v <= max; v++) out.push({ key: String(v), label: String(v), correct: false });
    return out;
  }
  return poll.options.map((o) => ({
    key: o.id,
    label: pickText(o.label) + (o.min !== undefined && o.max !== undefined ? ` (${o.min}–${o.max})` : ''),
    correct: poll.correct?.includes(o.id) ?? false,
  }));
}

export class TallyView extends View<Poll> {
  readonly el = h('div', { class: 'tally' });
  private readonly summary = h('div', { class: 'tally-summary' });
  private readonly barsBox = h('div', { class: 'tally-bars' });
  private readonly rankBox = h('ol', { class: 'tally-bars tally-ranking' });
  private rankRows = new Map<string, RankRow>();
  private readonly words = h('div', { class: 'tally-words' });
  private readonly countries = h('div', { class: 'tally-countries muted' });
  private bars = new Map<string, Bar>();
  private shapeSig = '';
  private seen = '';

  constructor() {
    super();
    this.el.append(this.summary, this.barsBox, this.rankBox, this.words, this.countries);
  }

  update(poll: Poll): void {
    const tally: Tally = poll.tally ?? { pollId: poll.id, version: 0, total: 0, counts: {}, byCountry: {} };
    const sig = `${locale()}|${poll.status}|${tally.version}|${tally.total}|${(poll.correct ?? []).join()}`;
    if (sig === this.seen) return;
    this.seen = sig;
    if (poll.status === 'draft') {
      this.renderPreview(poll);
      return;
    }
    this.renderSummary(poll, tally);
    if (poll.kind === 'ranking') this.renderRanking(poll, tally);
    else if (poll.kind === 'wordcloud') this.renderWords(tally);
    // A text poll's tally counts whole answers: its cloud counts the words in them.
    else if (poll.kind === 'text') this.renderWords({ ...tally, words: answerWords(tally.words ?? []) });
    else this.renderBars(poll, tally);
    this.renderCountries(tally);
  }

  /** A draft has no votes yet: what it will ask, in one line. */
  private renderPreview(poll: Poll): void {
    this.shapeSig = '';
    this.bars = new Map();
    fill(this.barsBox);
    this.clearRanking();
    fill(this.words);
    fill(this.countries);
    const scale = poll.scale ?? { min: 1, max: 5 };
    const items =
      poll.kind === 'rating'
        ? [`${scale.min} … ${scale.max}`]
        : poll.kind === 'wordcloud' || poll.kind === 'text'
          ? []
          : keysOf(poll).map((k) => k.label);
    fill(
      this.summary,
      h(
        'div',
        { class: 'chips preview' },
        ...items.map((label) => h('span', { class: 'chip', attrs: { dir: 'auto' } }, label)),
      ),
    );
  }

  private renderSummary(poll: Poll, tally: Tally): void {
    const total =
      poll.kind === 'text'
        ? tp('tally.answers', { n: formatNumber(tally.total) })
        : t('tally.total', { n: formatNumber(tally.total) });
    const parts: (string | Node)[] = [h('strong', {}, total)];
    if (poll.kind === 'rating') {
      parts.push(
        h(
          'span',
          {},
          tally.mean !== undefined ? t('tally.mean', { mean: formatNumber(tally.mean) }) : t('tally.noMean'),
        ),
      );
    }
    fill(this.summary, ...parts);
  }

  private renderBars(poll: Poll, tally: Tally): void {
    const keys = keysOf(poll);
    const shape = JSON.stringify(keys) + locale();
    if (shape !== this.shapeSig) {
      this.shapeSig = shape;
      this.bars = new Map();
      fill(this.barsBox);
      for (const k of keys) {
        const fillEl = h('span', { style: { width: '0%' } });
        const count = h('span', { class: 'bar-count' });
        const row = h(
          'div',
          { class: `tally-row${k.correct ? ' correct' : ''}` },
          h('div', { class: 'bar-label', attrs: { dir: 'auto' } }, k.correct ? `✓ ${k.label}` : k.label),
          h('div', { class: 'bar' }, fillEl),
          count,
        );
        this.bars.set(k.key, { row, fill: fillEl, count });
        this.barsBox.append(row);
      }
    }
    for (const k of keys) {
      const bar = this.bars.get(k.key);
      if (!bar) continue;
      const n = tally.counts[k.key] ?? 0;
      // A bar is the option's share of the voters (a multi poll's bars add up to more than 100%).
      bar.fill.style.width = `${tally.total > 0 ? Math.round((n / tally.total) * 1000) / 10 : 0}%`;
      bar.count.textContent = `${formatNumber(n)} · ${percent(n, tally.total)}`;
    }
    fill(this.words);
    this.clearRanking();
  }

  private clearRanking(): void {
    this.rankRows = new Map();
    fill(this.rankBox);
  }

  /** Every option by points (the tally's order), a bar against the top, its points, firsts and voters. */
  private renderRanking(poll: Poll, tally: Tally): void {
    fill(this.barsBox);
    this.shapeSig = '';
    fill(this.words);
    const rows = tally.ranking ?? [];
    if (rows.length === 0) {
      this.clearRanking();
      fill(this.words, h('span', { class: 'muted' }, tp('tally.noRanking')));
      return;
    }
    const top = Math.max(1, ...rows.map((r) => r.points));
    let place = 0;
    let prev = -1;
    const els = rows.map((r, i) => {
      let row = this.rankRows.get(r.optionId);
      if (!row) {
        row = this.rankRow();
        this.rankRows.set(r.optionId, row);
      }
      const option = poll.options.find((o) => o.id === r.optionId);
      if (r.points !== prev) place = i + 1;
      prev = r.points;
      row.row.dataset.option = r.optionId;
      row.label.textContent = option ? pickText(option.label) : r.optionId;
      row.place.textContent = formatNumber(place);
      row.fill.style.width = `${Math.round((r.points / top) * 1000) / 10}%`;
      row.count.textContent = [
        tp('tally.points', { n: formatNumber(r.points) }),
        tp('tally.firsts', { n: formatNumber(r.firsts) }),
        tp('tally.ranked', { n: formatNumber(tally.counts[r.optionId] ?? 0) }),
      ].join(' · ');
      return row.row;
    });
    inOrder(this.rankBox, els);
    for (const [id, row] of this.rankRows) {
      if (rows.some((r) => r.optionId === id)) continue;
      row.row.remove();
      this.rankRows.delete(id);
    }
  }

  private rankRow(): RankRow {
    const row: RankRow = {
      row: h('li', { class: 'tally-row rank-row' }),
      label: h('span', { attrs: { dir: 'auto' } }),
      place: h('span', { class: 'rank-place' }),
      fill: h('span', { style: { width: '0%' } }),
      count: h('span', { class: 'bar-count' }),
    };
    row.row.append(
      h('div', { class: 'bar-label' }, row.place, ' ', row.label),
      h('div', { class: 'bar' }, row.fill),
      row.count,
    );
    return row;
  }

  private renderWords(tally: Tally): void {
    fill(this.barsBox);
    this.clearRanking();
    this.shapeSig = '';
    const words = tally.words ?? [];
    if (words.length === 0) {
      fill(this.words, h('span', { class: 'muted' }, t('tally.noWords')));
      return;
    }
    const top = words[0]?.[1] ?? 1;
    fill(
      this.words,
      ...words.map(([word, n]) =>
        h(
          'span',
          { class: 'word', style: { 'font-size': `${0.8 + (n / top) * 0.9}rem` }, attrs: { dir: 'auto' } },
          word,
          h('small', {}, ` ${formatNumber(n)}`),
        ),
      ),
    );
  }

  private renderCountries(tally: Tally): void {
    const list = Object.entries(tally.byCountry).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (list.length === 0) {
      fill(this.countries);
      return;
    }
    const shown = list.slice(0, TOP_COUNTRIES).map(([c, n]) => `${c} ${formatNumber(n)}`);
    const more = list.length > TOP_COUNTRIES ? ` ${t('tally.moreCountries', { n: list.length - TOP_COUNTRIES })}` : '';
    fill(this.countries, t('tally.countries', { n: list.length }), ' ', shown.join(' · ') + more);
  }
}
