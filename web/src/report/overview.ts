// The report's first sections: the headline figures, people and activity over time, and joins by
// country (the top 20 and the rest).
import type { EventReport, MinuteFigures } from '../../../src/protocol/report.js';
import { h } from '../core/dom.js';
import { countryName } from '../core/names.js';
import { dateTime, minuteLabel, share, t } from './words.js';
import { chart, count, empty, figure, figures, section, type Built } from './parts.js';

const MINUTE = 60_000;
/** Gaps (minutes with no figure) are filled with zeros up to a day; longer events plot what was recorded. */
const FILL_UP_TO = 24 * 60;
const TOP_COUNTRIES = 20;

/** The countries people joined from (`unknown` is no country). */
export function countriesOf(report: EventReport): number {
  return Object.entries(report.people.byCountry).filter(([code, n]) => code !== 'unknown' && n > 0).length;
}

export function summary(report: EventReport): Built {
  const votes = report.polls.reduce((sum, p) => sum + p.tally.total, 0);
  const reactions = Object.values(report.reactions ?? {}).reduce((sum, n) => sum + n, 0);
  const { peak, peakAt } = report.connections;
  const el = section(
    'summary',
    'summary.title',
    figures(
      figure('joined', t('fig.joined'), count(report.people.joined)),
      figure('koc', t('fig.koc'), count(report.people.koc)),
      figure('countries', t('fig.countries'), count(countriesOf(report))),
      figure('peak', t('fig.peak'), count(peak), peakAt !== null ? t('fig.peakAt', { time: dateTime(peakAt) }) : null),
      figure('votes', t('fig.votes'), count(votes)),
      figure('questions', t('fig.questions'), count(report.forum.total)),
      figure('reactions', t('fig.reactions'), count(reactions)),
    ),
    figures(
      figure('created', t('fig.created'), dateTime(report.event.createdAt)),
      figure(
        'ended',
        t('fig.ended'),
        report.event.endedAt !== null ? dateTime(report.event.endedAt) : t('fig.notEnded'),
      ),
    ),
  );
  return { el, draws: [] };
}

/** The minutes to plot: every minute from the first to the last when that is at most a day. */
function minutes(timeline: MinuteFigures[]): MinuteFigures[] {
  const first = timeline[0];
  const last = timeline.at(-1);
  if (!first || !last || (last.minute - first.minute) / MINUTE > FILL_UP_TO) return timeline;
  const byMinute = new Map(timeline.map((m) => [m.minute, m]));
  const out: MinuteFigures[] = [];
  for (let at = first.minute; at <= last.minute; at += MINUTE) {
    out.push(
      byMinute.get(at) ?? {
        minute: at,
        connected: { audience: 0, operator: 0, screen: 0 },
        active: 0,
        joins: 0,
        votes: 0,
        answers: 0,
        questions: 0,
        upvotes: 0,
      },
    );
  }
  return out;
}

export function timeline(report: EventReport): Built {
  const draws: (() => void)[] = [];
  const rows = minutes(report.timeline);
  if (rows.length === 0) return { el: section('time', 'time.title', empty(t('time.empty'))), draws };
  const first = rows[0]?.minute ?? 0;
  const withDay = new Date(first).toDateString() !== new Date(rows.at(-1)?.minute ?? first).toDateString();
  const labels = rows.map((m) => minuteLabel(m.minute, withDay));
  const people = chart(
    {
      id: 'people',
      title: t('time.people'),
      kind: 'line',
      labels,
      labelHead: t('col.minute'),
      series: [
        { label: t('series.audience'), values: rows.map((m) => m.connected.audience ?? 0) },
        { label: t('series.active'), values: rows.map((m) => m.active) },
        { label: t('series.operator'), values: rows.map((m) => m.connected.operator ?? 0) },
        { label: t('series.screen'), values: rows.map((m) => m.connected.screen ?? 0) },
      ],
    },
    draws,
  );
  const activity = chart(
    {
      id: 'activity',
      title: t('time.activity'),
      kind: 'line',
      labels,
      labelHead: t('col.minute'),
      series: [
        { label: t('series.joins'), values: rows.map((m) => m.joins) },
        { label: t('series.votes'), values: rows.map((m) => m.votes) },
        { label: t('series.answers'), values: rows.map((m) => m.answers) },
        { label: t('series.questions'), values: rows.map((m) => m.questions) },
        { label: t('series.upvotes'), values: rows.map((m) => m.upvotes) },
      ],
    },
    draws,
  );
  return { el: section('time', 'time.title', people, activity), draws };
}

export function countries(report: EventReport): Built {
  const draws: (() => void)[] = [];
  const unknown = report.people.byCountry.unknown ?? 0;
  const all = Object.entries(report.people.byCountry)
    .filter(([code, n]) => n > 0 && code !== 'unknown')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (all.length === 0 && unknown === 0)
    return { el: section('countries', 'countries.title', empty(t('countries.empty'))), draws };
  const top = all.slice(0, TOP_COUNTRIES);
  const rest = all.slice(TOP_COUNTRIES);
  // Names, not flags: a canvas draws flags only where an emoji font is installed.
  const labels = top.map(([code]) => countryName(code));
  const values = top.map(([, n]) => n);
  if (rest.length > 0) {
    labels.push(t('countries.rest', { n: count(rest.length) }));
    values.push(rest.reduce((sum, [, n]) => sum + n, 0));
  }
  if (unknown > 0) {
    labels.push(t('countries.unknown'));
    values.push(unknown);
  }
  const total = values.reduce((sum, n) => sum + n, 0);
  const el = section(
    'countries',
    'countries.title',
    chart(
      {
        id: 'countries',
        title: t('countries.chart'),
        kind: 'bar',
        horizontal: true,
        labels,
        labelHead: t('col.country'),
        series: [{ label: t('col.people'), values }],
        extra: [{ head: t('col.share'), values: values.map((n) => share(n, total)) }],
      },
      draws,
    ),
  );
  return { el, draws };
}

/** A plain line under a heading (a poll's kind and status, a quiz's figures). */
export function meta(...parts: (string | null)[]): HTMLElement {
  return h('p', { class: 'meta' }, parts.filter((p): p is string => !!p).join(' · '));
}
