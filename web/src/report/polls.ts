// Each poll's final results: bars for choice polls, options by points for a ranking, the mean and
// the distribution for a rating, the top words for word clouds and open-text polls.
import type { EventReport } from '../../../src/protocol/report.js';
import { answerWords } from '../core/answer-words.js';
import { h } from '../core/dom.js';
import { formatNumber, pickText } from '../core/i18n.js';
import type { ChartSpec } from './charts.js';
import { share, t, type Key } from './words.js';
import { meta } from './overview.js';
import { chart, count, empty, figure, figures, section, type Built } from './parts.js';

type ReportPoll = EventReport['polls'][number];
const TOP_WORDS = 15;

function optionLabel(poll: ReportPoll, optionId: string): string {
  const option = poll.options.find((o) => o.id === optionId);
  const label = option ? pickText(option.label) : optionId;
  const range = option?.min !== undefined && option.max !== undefined ? ` (${option.min}–${option.max})` : '';
  const right = poll.correct?.includes(optionId) ?? false;
  return right ? t('poll.rightAnswer', { label: label + range }) : label + range;
}

/** The chart of a poll with votes, by kind; null when there is nothing to draw. */
function spec(poll: ReportPoll, title: string): ChartSpec | null {
  const { tally } = poll;
  const base = { id: `poll-${poll.id}`, title, kind: 'bar' as const, quietCaption: true };
  switch (poll.kind) {
    case 'single':
    case 'multi': {
      const values = poll.options.map((o) => tally.counts[o.id] ?? 0);
      return {
        ...base,
        horizontal: true,
        labels: poll.options.map((o) => optionLabel(poll, o.id)),
        labelHead: t('col.option'),
        series: [{ label: t('col.votes'), values }],
        extra: [{ head: t('col.share'), values: values.map((n) => share(n, tally.total)) }],
      };
    }
    case 'ranking': {
      const rows = tally.ranking ?? [];
      if (rows.length === 0) return null;
      return {
        ...base,
        horizontal: true,
        labels: rows.map((r, i) => `${formatNumber(i + 1)}. ${optionLabel(poll, r.optionId)}`),
        labelHead: t('col.option'),
        series: [{ label: t('col.points'), values: rows.map((r) => r.points) }],
        extra: [{ head: t('col.firsts'), values: rows.map((r) => formatNumber(r.firsts)) }],
      };
    }
    case 'rating': {
      const { min, max } = poll.scale ?? { min: 1, max: 5 };
      const keys: number[] = [];
      for (let v = min; v <= max; v++) keys.push(v);
      const values = keys.map((v) => tally.counts[String(v)] ?? 0);
      return {
        ...base,
        labels: keys.map((v) => formatNumber(v)),
        labelHead: t('col.value'),
        series: [{ label: t('col.votes'), values }],
        extra: [{ head: t('col.share'), values: values.map((n) => share(n, tally.total)) }],
      };
    }
    case 'wordcloud':
    case 'text': {
      const words = poll.kind === 'text' ? answerWords(tally.words ?? [], TOP_WORDS) : (tally.words ?? []);
      const top = words.slice(0, TOP_WORDS);
      if (top.length === 0) return null;
      return {
        ...base,
        title: `${title} · ${t('poll.topWords')}`,
        quietCaption: false,
        horizontal: true,
        labels: top.map(([word]) => word),
        labelHead: t('col.word'),
        series: [{ label: t('col.count'), values: top.map(([, n]) => n) }],
      };
    }
  }
}

function pollCard(poll: ReportPoll, draws: (() => void)[]): HTMLElement {
  const title = pickText(poll.question);
  const { tally } = poll;
  const countries = Object.keys(tally.byCountry).filter((c) => c !== 'unknown').length;
  const items = [
    figure('votes', t('poll.votes'), count(tally.total)),
    figure('countries', t('poll.countries'), count(countries)),
  ];
  if (poll.kind === 'rating' && tally.mean !== undefined && tally.total > 0) {
    const mean = formatNumber(Math.round(tally.mean * 100) / 100);
    items.push(figure('mean', t('poll.mean'), t('poll.outOf', { mean, max: formatNumber(poll.scale?.max ?? 5) })));
  }
  const chartSpec = tally.total > 0 ? spec(poll, title) : null;
  const body =
    tally.total === 0 ? empty(t('poll.noVotes')) : chartSpec ? chart(chartSpec, draws) : empty(t('poll.noWords'));
  return h(
    'article',
    { class: 'poll-report', data: { poll: poll.id, kind: poll.kind } },
    h('h3', {}, title),
    meta(t(`kind.${poll.kind}` as Key), t(`status.${poll.status}` as Key)),
    figures(...items),
    body,
  );
}

export function polls(report: EventReport): Built {
  const draws: (() => void)[] = [];
  const shown = report.polls.filter((p) => p.status !== 'draft' || p.tally.total > 0);
  const drafts = report.polls.length - shown.length;
  const el = section(
    'polls',
    'polls.title',
    shown.length === 0 ? empty(t('polls.empty')) : null,
    ...shown.map((p) => pollCard(p, draws)),
    drafts > 0 ? h('p', { class: 'meta' }, t('polls.drafts', { n: count(drafts) })) : null,
  );
  return { el, draws };
}
