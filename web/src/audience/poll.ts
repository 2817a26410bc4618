// One poll as a card: the ways to vote (by kind), the person's vote, and the results when shown.
import { Announcer } from '../core/announcer.js';
import { View } from '../core/component.js';
import { h, onSubmit } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import type { Poll, Vote } from '../core/types.js';
import type { Ctx } from './ctx.js';
import { t } from './words.js';
import { RankingPart } from './poll-ranking.js';
import { chipText, hintText, mineText, renderOutcome, renderWords, resultsSpoken, totalsText } from './poll-results.js';
import { TextPart } from './poll-text.js';
import { percent, setText, show, showError } from './ui.js';

/** Choices being made in a multi poll and words being typed: kept when the page is redrawn. */
const multiDrafts = new Map<string, string[]>();
const textDrafts = new Map<string, string>();

export interface PollItem {
  poll: Poll;
  vote: Vote | undefined;
}

interface Row {
  button: HTMLButtonElement;
  label: HTMLElement;
  pct: HTMLElement;
  bar: HTMLElement;
  fill: HTMLElement;
}

function sameChoice(a: string[] = [], b: string[] = []): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

export class PollCard extends View<PollItem> {
  readonly el: HTMLElement;
  private poll: Poll;
  private vote: Vote | undefined;
  /** The vote being sent: shown at once, dropped if the server refuses it. */
  private pending: Vote | null = null;
  private readonly chip = h('span', { class: 'chip' });
  private readonly hint = h('span', { class: 'muted small' });
  private readonly question = h('h3', { class: 'poll-q', attrs: { dir: 'auto' } });
  private readonly body = h('div', { class: 'poll-body' });
  private readonly summary = h('div', { class: 'poll-summary' });
  private readonly mean = h('p', { class: 'mean' });
  private readonly words = h('ol', { class: 'words' });
  private readonly mine = h('p', { class: 'poll-mine small' });
  private readonly totals = h('p', { class: 'poll-totals muted small' });
  private readonly outcome = h('p', { class: 'poll-outcome hidden' });
  /** The results as a screen reader hears them: the latest, a few seconds apart at most. */
  private readonly spoken = new Announcer();
  private drawn = false;
  private readonly rows = new Map<string, Row>();
  private submit: HTMLButtonElement | null = null;
  private input: HTMLInputElement | null = null;
  private ranking: RankingPart | null = null;
  private text: TextPart | null = null;

  constructor(
    private readonly ctx: Ctx,
    item: PollItem,
  ) {
    super();
    this.poll = item.poll;
    this.vote = item.vote;
    this.el = h(
      'article',
      { class: 'card poll', data: { kind: item.poll.kind, pollId: item.poll.id } },
      h('div', { class: 'poll-head' }, this.chip, this.hint),
      this.question,
      this.body,
      this.summary,
      this.words,
      this.mine,
      this.outcome,
      this.totals,
      this.spoken.el,
    );
    this.build();
  }

  private get open(): boolean {
    return this.poll.status === 'open';
  }

  private get current(): Vote | undefined {
    return this.pending ?? this.vote;
  }

  private build(): void {
    const poll = this.poll;
    if (poll.kind === 'single' || poll.kind === 'multi') this.buildOptions(poll);
    else if (poll.kind === 'rating') this.buildScale(poll);
    else if (poll.kind === 'ranking') this.buildRanking(poll);
    else if (poll.kind === 'text') this.buildText(poll);
    else this.buildWordForm(poll);
  }

  /** Ranking: the list to arrange; the person's ranking below their status line; ranked bars as results. */
  private buildRanking(poll: Poll): void {
    const part = new RankingPart(poll, (ranking) => void this.send({ ranking }));
    this.ranking = part;
    this.body.append(part.form);
    this.summary.append(part.results);
    this.mine.after(part.yours);
  }

  /** Open text: the answer box; the approved answers and their words as results. */
  private buildText(poll: Poll): void {
    const part = new TextPart(poll, (text) => void this.send({ text }));
    this.text = part;
    this.body.append(part.form);
    this.summary.append(part.results);
  }

  /** Single and multi: one button per option, its share as a bar; multi sends with a button. */
  private buildOptions(poll: Poll): void {
    const list = h('div', { class: 'options', attrs: { role: 'group' } });
    for (const option of poll.options) {
      const row: Row = {
        button: h('button', {
          class: 'option',
          attrs: { type: 'button', 'aria-pressed': 'false' },
          on: { click: () => this.choose(option.id) },
        }),
        label: h('bdi'),
        pct: h('span', { class: 'option-pct' }),
        bar: h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }),
        fill: h('span'),
      };
      row.bar.append(row.fill);
      row.button.append(
        h(
          'span',
          { class: 'option-top' },
          h('span', { class: 'tick' }),
          h('span', { class: 'option-label' }, row.label),
          row.pct,
        ),
        row.bar,
      );
      this.rows.set(option.id, row);
      list.append(row.button);
    }
    this.body.append(list);
    if (poll.kind === 'multi') {
      this.submit = h('button', { class: 'send', attrs: { type: 'button' }, on: { click: () => this.sendMulti() } });
      this.body.append(this.submit);
    }
  }

  /** Rating: one button per step of the scale; the distribution below, once results show. */
  private buildScale(poll: Poll): void {
    const { min, max } = poll.scale ?? { min: 1, max: 5 };
    const scale = h('div', { class: 'scale', attrs: { role: 'group' }, style: { '--steps': String(max - min + 1) } });
    const dist = h('div', { class: 'dist' });
    for (let value = min; value <= max; value++) {
      const key = String(value);
      const button = h('button', {
        class: 'scale-step',
        attrs: { type: 'button', 'aria-pressed': 'false' },
        on: { click: () => void this.send({ value }) },
      });
      button.textContent = formatNumber(value);
      scale.append(button);
      const row: Row = {
        button,
        label: h('span', { class: 'dist-value' }, formatNumber(value)),
        pct: h('span', { class: 'option-pct' }),
        bar: h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }),
        fill: h('span'),
      };
      row.bar.append(row.fill);
      dist.append(h('div', { class: 'dist-row' }, row.label, row.bar, row.pct));
      this.rows.set(key, row);
    }
    this.body.append(scale);
    this.summary.append(this.mean, dist);
  }

  /** Word cloud: a word typed and sent (kept while the page is redrawn). */
  private buildWordForm(poll: Poll): void {
    this.input = h('input', {
      class: 'grow',
      attrs: { type: 'text', maxlength: 80, enterkeyhint: 'send', autocomplete: 'off', 'aria-label': t('yourWord') },
      on: { input: () => this.typed() },
    });
    this.input.value = textDrafts.get(poll.id) ?? '';
    this.submit = h('button', { attrs: { type: 'submit' } });
    const form = h(
      'form',
      {
        class: 'word-form row',
        on: {
          submit: onSubmit(() => {
            const text = this.input?.value.trim() ?? '';
            if (text) void this.send({ text });
          }),
        },
      },
      this.input,
      this.submit,
    );
    this.body.append(form);
  }

  private typed(): void {
    textDrafts.set(this.poll.id, this.input?.value ?? '');
    this.draw();
  }

  private choose(optionId: string): void {
    if (!this.open || this.pending) return;
    if (this.poll.kind === 'single') {
      void this.send({ optionIds: [optionId] });
      return;
    }
    const max = this.poll.maxChoices ?? this.poll.options.length;
    const draft = [...this.multiDraft()];
    const at = draft.indexOf(optionId);
    if (at >= 0) draft.splice(at, 1);
    else if (draft.length < max) draft.push(optionId);
    multiDrafts.set(this.poll.id, draft);
    this.draw();
  }

  private multiDraft(): string[] {
    return multiDrafts.get(this.poll.id) ?? this.current?.optionIds ?? [];
  }

  private sendMulti(): void {
    const draft = this.multiDraft();
    if (draft.length) void this.send({ optionIds: draft });
  }

  private async send(vote: Vote): Promise<void> {
    if (!this.open || this.pending) return;
    const held = this.vote;
    const same =
      held &&
      (vote.optionIds
        ? sameChoice(vote.optionIds, held.optionIds)
        : vote.ranking
          ? vote.ranking.join() === (held.ranking ?? []).join()
          : vote.text !== undefined
            ? this.poll.kind === 'text' && vote.text === held.text
            : vote.value !== undefined && vote.value === held.value);
    if (same) return; // Tapping the choice already made changes nothing.
    const pollId = this.poll.id;
    this.pending = vote;
    this.draw();
    const ack = await this.ctx.live.send('poll:vote', { pollId, ...vote });
    this.pending = null;
    if (ack.ok) {
      const state = this.ctx.live.state;
      if (state) state.myVotes[pollId] = ack.data.vote;
      this.vote = ack.data.vote;
      multiDrafts.delete(pollId);
      if (vote.ranking) this.ranking?.sent();
      this.text?.sent();
      if (vote.text !== undefined) {
        textDrafts.delete(pollId);
        if (this.input) this.input.value = '';
      }
    } else {
      showError(ack.error);
    }
    this.ctx.refresh();
  }

  update(item: PollItem): void {
    this.poll = item.poll;
    this.vote = item.vote;
    if (!this.open) multiDrafts.delete(this.poll.id);
    this.draw();
  }

  private draw(): void {
    const poll = this.poll;
    const tally = poll.tally;
    const vote = this.current;
    const busy = this.pending !== null;
    this.el.dataset.status = poll.status;
    this.el.dataset.settled = String(poll.correct !== undefined);
    this.el.classList.toggle('sending', busy);
    setText(this.chip, chipText(poll));
    this.chip.dataset.status = poll.status;
    setText(this.hint, this.open ? hintText(poll) : '');
    setText(this.question, pickText(poll.question));

    const chosen = poll.kind === 'multi' && this.open ? this.multiDraft() : (vote?.optionIds ?? []);
    const max = poll.maxChoices ?? poll.options.length;
    const correct = poll.correct;
    for (const [key, row] of this.rows) {
      const isChoice = poll.kind === 'rating' ? vote?.value === Number(key) : chosen.includes(key);
      row.button.setAttribute('aria-pressed', String(isChoice));
      row.button.classList.toggle('correct', !!correct?.includes(key));
      const full = poll.kind === 'multi' && !isChoice && chosen.length >= max;
      row.button.disabled = !this.open || busy || full;
      if (poll.kind !== 'rating') {
        const option = poll.options.find((o) => o.id === key);
        setText(row.label, option ? pickText(option.label) : key);
      }
      show(row.bar, !!tally);
      show(row.pct, !!tally);
      if (tally) {
        const share = percent(tally.counts[key] ?? 0, tally.total);
        row.fill.style.width = `${share}%`;
        setText(row.pct, `${formatNumber(share)}%`);
      }
    }
    if (poll.kind === 'multi' && this.submit) {
      const changed = !sameChoice(chosen, vote?.optionIds);
      setText(this.submit, this.vote ? t('updateVote') : t('sendVote'));
      this.submit.disabled = busy || chosen.length === 0 || !changed;
      show(this.submit, this.open);
    }
    if (poll.kind === 'wordcloud' && this.input && this.submit) {
      setText(this.submit, t('send'));
      this.input.disabled = !this.open || busy;
      this.submit.disabled = !this.open || busy || !this.input.value.trim();
      show(this.input.parentElement ?? this.input, this.open);
    }
    this.ranking?.update(poll, vote, this.open, busy);
    if (this.ranking) show(this.ranking.form, this.open);
    this.text?.update(poll, this.open, busy, !!this.vote?.text);
    if (this.text) show(this.text.form, this.open);
    this.drawSummary();
    this.drawMine();
    renderOutcome(this.outcome, poll, vote);
  }

  private drawSummary(): void {
    const poll = this.poll;
    const tally = poll.tally;
    if (poll.kind === 'rating') {
      show(this.summary, !!tally);
      const max = poll.scale?.max ?? 5;
      setText(
        this.mean,
        tally?.mean !== undefined
          ? t('average', { mean: formatNumber(tally.mean), max: formatNumber(max) })
          : t('noVotesYet'),
      );
    } else if (this.ranking || this.text) {
      show(this.summary, !!tally);
      this.ranking?.drawResults(tally);
      this.text?.drawResults(tally);
    } else {
      show(this.summary, false);
    }
    show(this.words, poll.kind === 'wordcloud' && !!tally);
    if (poll.kind === 'wordcloud' && tally) renderWords(this.words, tally.words ?? []);
    setText(this.totals, totalsText(poll));
    const spoken = resultsSpoken(poll);
    if (this.drawn) this.spoken.say(spoken);
    else this.spoken.quiet(spoken);
    this.drawn = true;
  }

  override destroy(): void {
    this.spoken.destroy();
  }

  private drawMine(): void {
    const vote = this.current;
    const text = mineText(this.poll, vote, this.pending !== null);
    setText(this.mine, text);
    show(this.mine, text !== '');
    this.mine.classList.toggle('voted', !!vote && !this.pending);
  }
}
