// The report page (/report#token=...) in headless Chromium against the real app: an event played
// over HTTP and sockets (people from six countries, a KOC, polls of three kinds and a prediction,
// questions and upvotes, a quiz, crash results), ended, then its report opened in the five
// languages: the charts are drawn, and the figures shown are the ones the test made.
import { readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { EventReport } from '../../src/protocol/report.js';
import { connect, createEvent, http, join, staffToken, startApp, type Client, type TestApp } from '../support/app.js';
import { okData, OPTIONS, openPoll, vote } from '../e2e/helpers.js';
import { quizPayload, quizStep } from '../e2e/quiz-support.js';
import { Browsing, LAPTOP, PHONE, SHOTS, buildPages, eventually } from './pages.js';

const EVENT = 'recap';
const INVITE = 'KOC-RECAP-1';
/** Who joined: nine people, six countries, one without a country, one KOC (Ana). */
const PEOPLE: { name: string; country?: string }[] = [
  { name: 'Ana', country: 'ES' },
  { name: 'Bo', country: 'CN' },
  { name: 'Carla', country: 'BR' },
  { name: 'Dieter', country: 'DE' },
  { name: 'Emi', country: 'JP' },
  { name: 'Femi', country: 'NG' },
  { name: 'Gabi', country: 'BR' },
  { name: 'Hugo', country: 'ES' },
  { name: 'Ines' },
];
const DRIVE = ['a', 'a', 'b', 'a', 'c', 'b', 'a', 'a', 'b'];
const MOOD = [5, 4, 4, 3, 5];
const WORDS = ['safety', 'safety', 'range', 'price'];
/** The prediction: the side test of kestrel gets 4 stars; three of five guessed it. */
const STARS = ['s4', 's4', 's5', 's4', 's3'];
const VOTES = DRIVE.length + MOOD.length + WORDS.length + STARS.length;
const REACTIONS = PEOPLE.length + 3;

const LANGS = [
  { lang: 'en', browser: 'en-US', dir: 'ltr', heading: 'At a glance', tag: 'en' },
  { lang: 'zh', browser: 'zh-CN', dir: 'ltr', heading: '概览', tag: 'zh' },
  { lang: 'es', browser: 'es-ES', dir: 'ltr', heading: 'De un vistazo', tag: 'es' },
  { lang: 'pt', browser: 'pt-BR', dir: 'ltr', heading: 'Em resumo', tag: 'pt' },
  { lang: 'ar', browser: 'ar-EG', dir: 'rtl', heading: 'نظرة عامة', tag: 'ar-u-nu-latn' },
  { lang: 'fr', browser: 'fr-FR', dir: 'ltr', heading: 'En un coup d’œil', tag: 'fr' },
] as const;
/** A canvas per chart: people, activity, countries, the three polls with votes and the prediction, the forum. */
const CHARTS = [
  'people',
  'activity',
  'countries',
  'poll-drive',
  'poll-mood',
  'poll-word',
  'poll-p-stars',
  'forum-status',
];

let app: TestApp | null = null;
let browsing: Browsing | null = null;
let op: Client | null = null;
let people: Client[] = [];
let token = '';
let report: EventReport | null = null;

function browser(): Browsing {
  if (!browsing) throw new Error('the browser is not started');
  return browsing;
}

function url(): string {
  if (!app) throw new Error('the app is not started');
  return app.url;
}

function theReport(): EventReport {
  if (!report) throw new Error('no report');
  return report;
}

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent())?.trim() ?? '';
}

/** The cells of a table's body, row by row. */
async function rows(table: Locator): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) {
    out.push((await row.locator('th, td').allTextContents()).map((cell) => cell.trim()));
  }
  return out;
}

/** How many pixels of a canvas were painted (not transparent); run in the page. */
const PAINTED = `(canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n += 1;
  return n;
}`;

async function painted(page: Page, selector: string): Promise<number> {
  return Number(await page.evaluate(`(${PAINTED})(document.querySelector(${JSON.stringify(selector)}))`));
}

async function openReport(lang: string, viewport = LAPTOP): Promise<Page> {
  const page = await browser().open(`report-${lang}`, `${url()}/report#token=${token}`, { viewport, locale: lang });
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

/** Plays the event: joins, votes, questions, a quiz, crash results; then ends it. */
async function playEvent(base: string): Promise<void> {
  await createEvent(base, EVENT, { inviteCodes: [INVITE] });
  token = await staffToken(base, EVENT, 'operator');
  op = await connect(base, token);
  people = await Promise.all(
    PEOPLE.map(async (p, i) => {
      const body = { name: p.name, locale: 'en', ...(p.country ? { country: p.country } : {}) };
      const joined = await join(base, EVENT, i === 0 ? { ...body, inviteCode: INVITE } : body);
      return connect(base, joined.token);
    }),
  );
  const operator = op;
  const by = (i: number): Client => people[i];

  await openPoll(operator, { id: 'drive', kind: 'single', question: { en: 'Which drive next?' }, options: OPTIONS });
  await Promise.all(DRIVE.map((pick, i) => vote(by(i), 'drive', { optionIds: [pick] })));
  await openPoll(operator, { id: 'mood', kind: 'rating', question: { en: 'How was it?' }, scale: { min: 1, max: 5 } });
  await Promise.all(MOOD.map((value, i) => vote(by(i), 'mood', { value })));
  await openPoll(operator, { id: 'word', kind: 'wordcloud', question: { en: 'One word?' } });
  await Promise.all(WORDS.map((text, i) => vote(by(i), 'word', { text })));

  for (const e of [
    { id: 'kestrel', name: 'Kestrel', brand: 'Nova' },
    { id: 'falcon', name: 'Falcon', brand: 'Terra' },
  ]) {
    okData(await operator.send('crash:entry', e));
  }
  const predicts = { entryId: 'kestrel', test: 'side' };
  await openPoll(operator, { id: 'p-stars', kind: 'single', question: { en: 'Stars for Kestrel?' }, predicts });
  await Promise.all(STARS.map((s, i) => vote(by(i), 'p-stars', { optionIds: [s] })));
  for (const pollId of ['drive', 'mood', 'word', 'p-stars']) okData(await operator.send('poll:close', { pollId }));
  okData(await operator.send('crash:result', { id: 'r1', entryId: 'kestrel', test: 'side', score: 88, stars: 4 }));
  okData(await operator.send('crash:result', { id: 'r2', entryId: 'falcon', test: 'side', score: 92, stars: 5 }));
  okData(await operator.send('crash:result', { id: 'r3', entryId: 'kestrel', test: 'frontal', score: 80 }));

  const q1 = okData(await by(0).send('qa:ask', { text: 'When does the hydrogen model come to Spain?' }));
  const q2 = okData(await by(1).send('qa:ask', { text: 'How far does it go on one charge?' }));
  const q3 = okData(await by(2).send('qa:ask', { text: 'What will it cost in Brazil?' }));
  // The event holds questions for a moderator.
  for (const q of [q1, q2, q3]) okData(await operator.send('qa:moderate', { questionId: q.id, action: 'approve' }));
  for (const i of [1, 2, 3]) okData(await by(i).send('qa:upvote', { questionId: q1.id }));
  okData(await by(4).send('qa:upvote', { questionId: q2.id }));
  okData(await operator.send('qa:moderate', { questionId: q1.id, action: 'answer', answer: 'In spring.' }));

  // Applause from everyone, fire from three.
  const reactions = [...PEOPLE.map(() => '👏' as const), ...(['🔥', '🔥', '🔥'] as const)];
  await Promise.all(
    reactions.map((emoji, i) =>
      by(i % PEOPLE.length)
        .send('reaction:send', { emoji })
        .then(okData),
    ),
  );

  okData(await operator.send('quiz:create', quizPayload('trivia', { n: 2 })));
  for (const [index, picks] of [
    ['a', 'a', 'b', 'a', 'c', 'a'],
    ['b', 'a', 'b', 'b', 'b', 'd'],
  ].entries()) {
    await quizStep(operator, 'quiz:next', 'trivia');
    await Promise.all(
      picks.map((optionId, i) =>
        by(i)
          .send('quiz:answer', { quizId: 'trivia', questionId: `k${index + 1}`, optionId })
          .then(okData),
      ),
    );
    await quizStep(operator, 'quiz:reveal', 'trivia');
  }
  await quizStep(operator, 'quiz:end', 'trivia');

  const ended = await http(base, 'POST', `/api/events/${EVENT}/end`, {}, token);
  if (ended.status >= 300) throw new Error(`end: ${ended.status} ${ended.text}`);
}

beforeAll(async () => {
  await buildPages();
  app = await startApp({ COMMAND_RATE: '1000', COMMAND_BURST: '1000', QUIZ_COUNTRY_MIN: '1' });
  await playEvent(app.url);
  // Every node flushes its figures of the minute once a second: the report has them all soon after.
  report = await eventually(
    'the report with every join in its timeline',
    async () => (await http<EventReport>(url(), 'GET', `/api/events/${EVENT}/report`, undefined, token)).body,
    (r) =>
      typeof r === 'object' &&
      Array.isArray(r.timeline) &&
      r.timeline.reduce((n, m) => n + m.joins, 0) >= PEOPLE.length &&
      Object.values(r.reactions).reduce((n, x) => n + x, 0) === REACTIONS,
  );
  browsing = await Browsing.launch();
}, 240_000);

afterEach(() => {
  if (browsing) expect(browsing.takeErrors()).toEqual([]);
});

afterAll(async () => {
  for (const client of people.splice(0)) client.close();
  op?.close();
  await browsing?.close();
  await app?.close();
});

describe.each(LANGS)('the report in $lang', ({ lang, browser: locale, dir, heading, tag }) => {
  it('draws every chart and shows the figures the event made', async () => {
    const page = await openReport(locale);
    const html = page.locator('html');
    await expect(html.getAttribute('lang')).resolves.toBe(lang);
    await expect(html.getAttribute('dir')).resolves.toBe(dir);
    await expect(text(page.locator('#h-summary'))).resolves.toBe(heading);
    await expect(page.title()).resolves.toContain(`Event ${EVENT}`);

    // The headline figures: what the test did.
    const figure = (id: string): Locator => page.locator(`#s-summary .figure[data-figure="${id}"] .figure-value`);
    await expect(text(figure('joined'))).resolves.toBe(String(PEOPLE.length));
    await expect(text(figure('koc'))).resolves.toBe('1');
    await expect(text(figure('countries'))).resolves.toBe('6');
    await expect(text(figure('votes'))).resolves.toBe(String(VOTES));
    await expect(text(figure('questions'))).resolves.toBe('3');
    await expect(text(figure('reactions'))).resolves.toBe(String(REACTIONS));
    await expect(text(figure('peak'))).resolves.toBe(String(theReport().connections.peak));
    expect(theReport().connections.peak).toBeGreaterThanOrEqual(PEOPLE.length);
    await expect(text(figure('ended'))).resolves.not.toBe('');

    // One canvas per chart, each painted, each with a summary in words and its data as a table.
    const charts = page.locator('figure.chart');
    const ids = await Promise.all((await charts.all()).map((chart) => chart.getAttribute('data-chart')));
    expect(ids).toEqual(CHARTS);
    for (const id of CHARTS) {
      const canvas = page.locator(`figure.chart[data-chart="${id}"] canvas`);
      expect(await painted(page, `figure.chart[data-chart="${id}"] canvas`)).toBeGreaterThan(500);
      await expect(canvas.getAttribute('role')).resolves.toBe('img');
      expect((await canvas.getAttribute('aria-label'))?.length ?? 0).toBeGreaterThan(10);
      await expect(page.locator(`figure.chart[data-chart="${id}"] details table`).count()).resolves.toBe(1);
    }

    // Joins by country: Brazil and Spain twice, four more once, one person without a country.
    const countryRows = await rows(page.locator('figure[data-chart="countries"] table'));
    expect(countryRows.map((r) => r[1])).toEqual(['2', '2', '1', '1', '1', '1', '1']);
    expect(countryRows.map((r) => r[0]).slice(0, 2)).toEqual(
      ['BR', 'ES'].map((c) => new Intl.DisplayNames([lang], { type: 'region' }).of(c)),
    );

    // The polls: counts per option, the rating's mean, the words, the prediction.
    const drive = await rows(page.locator('figure[data-chart="poll-drive"] table'));
    expect(drive.map((r) => r[1])).toEqual(['5', '3', '1']);
    const mean = new Intl.NumberFormat(tag).format(MOOD.reduce((a, b) => a + b, 0) / MOOD.length);
    await expect(text(page.locator('[data-poll="mood"] .figure[data-figure="mean"] .figure-value'))).resolves.toContain(
      mean,
    );
    const mood = await rows(page.locator('figure[data-chart="poll-mood"] table'));
    expect(mood.map((r) => r[1])).toEqual(['0', '0', '1', '2', '2']);
    const words = await rows(page.locator('figure[data-chart="poll-word"] table'));
    expect(words[0]?.slice(0, 2)).toEqual(['safety', '2']);
    const stars = await rows(page.locator('figure[data-chart="poll-p-stars"] table'));
    expect(stars.map((r) => r[1])).toEqual(['0', '0', '0', '1', '3', '1']);

    // The quiz's boards, the forum, the crash boards.
    const quizPeople = await rows(page.locator('table[data-table="quiz-people-trivia"]'));
    expect(quizPeople).toHaveLength(6);
    expect(quizPeople.map((r) => r[1])).toEqual(theReport().quizzes[0]?.leaderboard.map((s) => s.name));
    await expect(text(page.locator('[data-quiz="trivia"] .figure[data-figure="players"] .figure-value'))).resolves.toBe(
      '6',
    );
    await expect(page.locator('table[data-table^="quiz-countries-"] tbody tr').count()).resolves.toBeGreaterThan(0);
    const top = await rows(page.locator('table[data-table="forum-top"]'));
    expect(top).toHaveLength(3);
    expect(top[0]?.[1]).toBe('When does the hydrogen model come to Spain?');
    expect(top[0]?.[4]).toBe('3');
    await expect(text(page.locator('#s-forum .figure[data-figure="upvotes"] .figure-value'))).resolves.toBe('4');
    const board = await rows(page.locator('table[data-table="crash-board"]'));
    // Kestrel: 88 + 80; Falcon: 92.
    expect(board.map((r) => r[1])).toEqual(['Kestrel', 'Falcon']);
    expect(board.map((r) => r[1])).toEqual(theReport().board.rows.map((r) => r.name));
    const predictors = await rows(page.locator('table[data-table="crash-predictors"]'));
    expect(predictors).toHaveLength(3);

    await browser().shot(page, `report-${lang}.png`);
    if (lang === 'en') {
      // The picture of the README: the top of the report on a laptop.
      const clip = { x: 0, y: 0, width: LAPTOP.width, height: 1500 };
      await page.screenshot({
        path: joinPath(SHOTS, 'report-readme.png'),
        animations: 'disabled',
        fullPage: true,
        clip,
      });
    }
    await page.context().close();
  });
});

it('switches language in place, moves by keyboard, opens a chart as a table, and prints without buttons', async () => {
  const page = await openReport('en-US');
  // The language switch redraws everything right to left, charts included.
  await page.locator('select.locale-switch').selectOption('ar');
  await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
  await expect(text(page.locator('#h-summary'))).resolves.toBe('نظرة عامة');
  await expect(page.locator('figure.chart canvas').count()).resolves.toBe(CHARTS.length);
  expect(await painted(page, 'figure[data-chart="countries"] canvas')).toBeGreaterThan(500);
  await page.locator('select.locale-switch').selectOption('en');
  await page.locator('html[dir="ltr"]').waitFor({ state: 'attached' });

  // The contents: a link moves the focus to its section, and the token stays in the address.
  const link = page.locator('nav.contents a[href="#s-forum"]');
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('h-forum');
  expect(page.url()).toContain(`#token=${token}`);

  // A chart's data, by keyboard.
  const summary = page.locator('figure[data-chart="forum-status"] summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('figure[data-chart="forum-status"] details').getAttribute('open')).resolves.toBe('');
  const statuses = await rows(page.locator('figure[data-chart="forum-status"] table'));
  const byStatus = theReport().forum.byStatus;
  expect(statuses.map((r) => r[1])).toEqual(
    [byStatus.pending, byStatus.approved, byStatus.answered, byStatus.rejected].map(String),
  );

  // Printed: no buttons, a page per section, charts within the page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.tools').isVisible()).resolves.toBe(false);
  await expect(page.locator('nav.contents').isVisible()).resolves.toBe(false);
  await expect(page.evaluate("getComputedStyle(document.querySelector('#s-polls')).breakBefore")).resolves.toBe('page');
  writeFileSync(joinPath(SHOTS, 'report-en.pdf'), await page.pdf({ format: 'A4', printBackground: true }));
  await page.context().close();
});

it('downloads export.zip with the token', async () => {
  const page = await openReport('en-US', PHONE);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-action="export"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${EVENT}-export.zip`);
  const path = await download.path();
  expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
  await page.locator('.download-status', { hasText: 'export.zip is downloaded.' }).waitFor();
  await page.context().close();
});

it('without a token, or with another role, says what the page needs', async () => {
  const bare = await browser().open('report-bare', `${url()}/report`, { viewport: LAPTOP });
  await bare.locator('.problem[role="alert"][data-problem="missing"]').waitFor();
  await bare.context().close();
  const screenToken = await staffToken(url(), EVENT, 'screen');
  const screen = await browser().open('report-screen', `${url()}/report#token=${screenToken}`, { viewport: LAPTOP });
  await screen.locator('.problem[data-problem="role"]', { hasText: 'screen' }).waitFor();
  await screen.context().close();
});
