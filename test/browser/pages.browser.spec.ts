// The three web pages in headless Chromium against the real app (embedded mode, the demo event of
// `npm start`): a phone in the audience, the operator console on a laptop, the big screen at 1920x1080.
import type { Page } from 'playwright-core';
import { DEMO_EVENT, DEMO_INVITE } from '../../src/demo/demo.seed.js';
import { Broadcaster } from '../../src/realtime/broadcaster.js';
import { connect, type Client } from '../support/app.js';
import { okData, openPoll, vote } from '../e2e/helpers.js';
import {
  Browsing,
  HALL_SCREEN,
  LAPTOP,
  PHONE,
  barWidth,
  buildPages,
  crowd,
  eventually,
  joinAs,
  live,
  startDemo,
  type DemoApp,
} from './pages.js';

let demo: DemoApp | null = null;
let browsing: Browsing | null = null;
/** Nine people in the hall on their phones (plain socket.io clients), from nine countries. */
let hall: Client[] = [];
/** The operator's own socket, for what is set up rather than tested. */
let backstage: Client | null = null;
let audience: Page;
let operator: Page;
let screen: Page;

function app(): DemoApp {
  if (!demo) throw new Error('the app is not started');
  return demo;
}

function browser(): Browsing {
  if (!browsing) throw new Error('the browser is not started');
  return browsing;
}

beforeAll(async () => {
  await buildPages();
  demo = await startDemo();
  browsing = await Browsing.launch();
  const { url, operatorToken, screenToken } = demo;
  [operator, screen, audience] = await Promise.all([
    browsing.open('operator', `${url}/operator#token=${operatorToken}`, { viewport: LAPTOP }),
    browsing.open('screen', `${url}/screen#token=${screenToken}`, { viewport: HALL_SCREEN }),
    browsing.open('audience', `${url}/e/${DEMO_EVENT}?invite=${DEMO_INVITE}`, { viewport: PHONE }),
  ]);
  await Promise.all([live(operator), live(screen), joinAs(audience, 'Ana', 'ES')]);
  hall = await crowd(url, DEMO_EVENT, ['DE', 'BR', 'CN', 'IN', 'US', 'JP', 'NG', 'FR', 'MX']);
  backstage = await connect(url, operatorToken);
}, 240_000);

afterEach(() => {
  // No page logged an error to its console, nor threw one, during the test.
  if (browsing) expect(browsing.takeErrors()).toEqual([]);
});

afterAll(async () => {
  for (const client of hall.splice(0)) client.close();
  backstage?.close();
  await browsing?.close();
  await demo?.app.close();
});

test('a vote on a phone moves the bar on the screen, and survives a reload', async () => {
  const shots = browser();
  // The operator opens the demo's first poll; the screen follows the action on its own.
  const card = operator.locator('article.poll[data-poll-id="next-drive"]');
  await card.getByRole('button', { name: 'Open', exact: true }).click();
  await operator.locator('article.poll-open[data-poll-id="next-drive"]').waitFor();
  const scene = screen.locator('.scene-poll[data-poll="next-drive"]');
  await scene.waitFor();

  // The hall votes first: 4 battery electric of 9.
  const picks = ['bev', 'bev', 'phev', 'bev', 'ice', 'h2', 'bev', 'phev', 'ice'];
  await Promise.all(hall.map((c, i) => vote(c, 'next-drive', { optionIds: [picks[i] ?? 'bev'] })));
  const bevCount = scene.locator('.bar-row[data-option="bev"] .bar-count');
  const bevFill = '.scene-poll[data-poll="next-drive"] .bar-row[data-option="bev"] .bar-fill';
  const before = await eventually(
    'the bar of battery electric at 4 of 9',
    () => barWidth(screen, bevFill),
    (w) => Math.abs(w - (4 / 9) * 100) < 0.1,
  );
  await bevCount.filter({ hasText: /^4$/ }).waitFor();

  // Ana votes on her phone: the screen's bar grows to 5 of 10.
  const poll = audience.locator('#panel-keynote article.poll[data-status="open"]');
  await expect(poll.locator('.poll-q').textContent()).resolves.toBe('Which drive do you want in your next car?');
  const bev = poll.locator('button.option', { hasText: 'Battery electric' });
  await bev.click();
  await audience
    .locator('#panel-keynote button.option[aria-pressed="true"]', { hasText: 'Battery electric' })
    .waitFor();
  await bevCount.filter({ hasText: /^5$/ }).waitFor();
  const after = await eventually(
    'the bar of battery electric at 5 of 10',
    () => barWidth(screen, bevFill),
    (w) => w === 50,
  );
  expect(after).toBeGreaterThan(before);
  await scene.locator('.poll-foot .num').first().filter({ hasText: /^10$/ }).waitFor();
  await expect(poll.locator('.poll-mine').textContent()).resolves.toContain('Your vote is in');

  // A reload comes back as the same person with the same vote...
  await audience.reload();
  await live(audience);
  const reloaded = audience.locator('#panel-keynote article.poll[data-status="open"]');
  await reloaded.locator('button.option[aria-pressed="true"]', { hasText: 'Battery electric' }).waitFor();
  await expect(reloaded.locator('.poll-mine').textContent()).resolves.toContain('Your vote is in');
  await expect(audience.locator('.me-name').textContent()).resolves.toBe('Ana');
  // ...so changing it moves her one vote: still 10 people, battery electric back to 4.
  await reloaded.locator('button.option', { hasText: 'Plug-in hybrid' }).click();
  await reloaded.locator('button.option[aria-pressed="true"]', { hasText: 'Plug-in hybrid' }).waitFor();
  await bevCount.filter({ hasText: /^4$/ }).waitFor();
  await scene.locator('.bar-row[data-option="phev"] .bar-count').filter({ hasText: /^3$/ }).waitFor();
  await expect(scene.locator('.poll-foot .num').first().textContent()).resolves.toBe('10');

  // The console's list narrowed to the open poll, its live tally at the top of the page.
  await operator.locator('label.seg', { has: operator.locator('input[name="poll-filter"][value="open"]') }).click();
  await operator.locator('.poll-list article.poll').first().filter({ hasText: '10 voted' }).waitFor();
  await operator.evaluate('window.scrollTo(0, 0)');
  await Promise.all([
    shots.shot(audience, 'audience-keynote.png'),
    shots.shot(operator, 'operator-polls.png'),
    shots.shot(screen, 'screen-poll.png'),
  ]);
}, 90_000);

test('a question asked on a phone, approved at the console, appears on the screen', async () => {
  const shots = browser();
  const text = 'Will the crash test results be published for every model after the summit?';
  await audience.locator('#tab-forum').click();
  await audience.locator('#ask-text').fill(text);
  await audience.locator('form.ask button[type="submit"]').click();
  // Moderation is on at the demo: Ana sees her question waiting.
  await audience.locator('.my-questions li.mine[data-status="pending"]', { hasText: text }).waitFor();

  await operator.locator('#tab-forum').click();
  const card = operator.locator('article.question', { hasText: text });
  await operator.locator('article.question.q-pending', { hasText: text }).waitFor();
  const questionId = (await card.getAttribute('data-question-id')) ?? '';
  expect(questionId).not.toBe('');
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  await operator.locator('article.question.q-approved', { hasText: text }).waitFor();

  // Published: in Ana's list with its new status, and in the forum every phone sees.
  await audience.locator('.my-questions li.mine[data-status="approved"]', { hasText: text }).waitFor();
  await audience.locator('.questions article.question', { hasText: text }).waitFor();

  // Three people upvote it; the moderator moves the spotlight to it and puts the forum on screen.
  await Promise.all(hall.slice(0, 3).map(async (c) => okData(await c.send('qa:upvote', { questionId }))));
  await card.getByRole('button', { name: 'Feature', exact: true }).click();
  await operator.locator('article.question', { hasText: text }).locator('.chip.featured').waitFor();
  const previous = operator.locator('article.question', { hasText: 'bidirectional charging' });
  await previous.getByRole('button', { name: 'Unfeature', exact: true }).click();
  await previous.getByRole('button', { name: 'Feature', exact: true }).waitFor();
  await operator.locator('.op-rail button.scene-button[data-scene="question"]').click();

  const shown = screen.locator(`.scene-question[data-question="${questionId}"]`);
  await shown.waitFor();
  await expect(shown.locator('.question-text').textContent()).resolves.toBe(text);
  await expect(shown.locator('.asker-name').textContent()).resolves.toBe('Ana');
  await shown.locator('.upvote-count').filter({ hasText: /^3$/ }).waitFor();
  await audience.locator('.questions article.question.featured', { hasText: text }).waitFor();

  await Promise.all([
    shots.shot(audience, 'audience-forum.png'),
    shots.shot(operator, 'operator-forum.png'),
    shots.shot(screen, 'screen-question.png'),
  ]);
}, 90_000);

test('a crash result entered at the console moves a row on the screen and on the phone', async () => {
  const shots = browser();
  await operator.locator('#tab-crash').click();
  await operator.locator('.card.board').getByRole('button', { name: 'Show on screens', exact: true }).click();
  const row = screen.locator('.scene-board .board-row[data-entry="kestrel-x"]');
  await row.waitFor();
  // No result yet for the Kestrel X: it ranks after the two that have one.
  await expect(row.getAttribute('data-rank')).resolves.toBe('3');
  await audience.locator('#tab-challenge').click();
  const phoneBoard = audience.locator('.challenge ol.ranking').first();
  const phoneRow = phoneBoard.locator('li.rank-row', { hasText: 'Kestrel X' });
  await expect(phoneRow.getAttribute('data-rank')).resolves.toBe('3');

  const form = operator.locator('form.result-form');
  await form.locator('select').selectOption('kestrel-x');
  await form.locator('input[list]').fill('frontal');
  await form.locator('input[type="number"]').fill('95.5');
  await form.locator('label.seg', { hasText: '5★' }).click();
  await form.locator('button[type="submit"]').click();
  await operator.locator('.result-list article.result-row', { hasText: 'Kestrel X · frontal' }).waitFor();

  // On the screen the row climbs to the top, marked as having moved up two places.
  await screen.locator('.scene-board .board-row[data-entry="kestrel-x"][data-rank="1"]').waitFor();
  await expect(row.locator('.rank-move').textContent()).resolves.toBe('▲2');
  await expect(screen.locator('.scene-board .board-body .board-row').first().getAttribute('data-entry')).resolves.toBe(
    'kestrel-x',
  );
  const aurora = screen.locator('.scene-board .board-row[data-entry="aurora-ev"]');
  await expect(aurora.getAttribute('data-rank')).resolves.toBe('2');
  await eventually(
    'the Kestrel X row above the Aurora EV row',
    async () => [(await row.boundingBox())?.y ?? NaN, (await aurora.boundingBox())?.y ?? NaN],
    ([kestrel = NaN, second = NaN]) => kestrel < second,
  );
  // And on the phone's leaderboard too.
  await row
    .locator('.c-total')
    .filter({ hasText: /^95\.5$/ })
    .waitFor();
  await phoneBoard.locator('li.rank-row[data-rank="1"]', { hasText: 'Kestrel X' }).waitFor();
  await expect(phoneBoard.locator('li.rank-row').first().textContent()).resolves.toContain('Kestrel X');

  await Promise.all([
    shots.shot(audience, 'audience-challenge.png'),
    shots.shot(operator, 'operator-crash.png'),
    shots.shot(screen, 'screen-board.png'),
  ]);
}, 90_000);

test('the Arabic interface lays out right to left', async () => {
  const shots = browser();
  const { url, screenToken } = app();
  if (!backstage) throw new Error('no operator socket');
  await openPoll(backstage, {
    id: 'charge-where',
    kind: 'single',
    question: { en: 'Where do you charge most often?', ar: 'أين تشحن سيارتك في أغلب الأحيان؟' },
    options: [
      { id: 'home', label: { en: 'At home', ar: 'في المنزل' } },
      { id: 'work', label: { en: 'At work', ar: 'في العمل' } },
      { id: 'road', label: { en: 'On the road', ar: 'على الطريق' } },
    ],
    results: 'live',
  });
  // A phone whose browser speaks Arabic gets the Arabic interface, right to left.
  const phone = await shots.open('audience-ar', `${url}/e/${DEMO_EVENT}`, { viewport: PHONE, locale: 'ar-EG' });
  await expect(phone.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  await expect(phone.locator('html').getAttribute('lang')).resolves.toBe('ar');
  await expect(phone.locator('.join-submit').textContent()).resolves.toBe('انضمام');
  await joinAs(phone, 'ليلى', 'EG');
  // The tabs run from the right: keynote, then forum to its left, then the challenge.
  const [keynote, forum, challenge] = await Promise.all(
    ['#tab-keynote', '#tab-forum', '#tab-challenge'].map(async (id) => phone.locator(id).boundingBox()),
  );
  expect(keynote && forum && challenge).toBeTruthy();
  if (!keynote || !forum || !challenge) return;
  expect(keynote.x).toBeGreaterThan(forum.x);
  expect(forum.x).toBeGreaterThan(challenge.x);
  // The event's name starts at the right edge, the connection status sits at the left.
  const title = await phone.locator('.top-row .event-name').boundingBox();
  const status = await phone.locator('.top-row .status').boundingBox();
  expect(title && status).toBeTruthy();
  if (!title || !status) return;
  expect(title.x).toBeGreaterThan(status.x);
  expect(title.x + title.width).toBeGreaterThan(PHONE.width - 40);
  // The poll speaks Arabic too, where it has it; its options read from the right.
  const poll = phone.locator('#panel-keynote article.poll[data-status="open"]').first();
  await expect(poll.locator('.poll-q').textContent()).resolves.toBe('أين تشحن سيارتك في أغلب الأحيان؟');
  const option = poll.locator('button.option', { hasText: 'في المنزل' });
  const [button, label] = await Promise.all([option.boundingBox(), option.locator('.option-label bdi').boundingBox()]);
  expect(button && label).toBeTruthy();
  if (!button || !label) return;
  expect(button.x + button.width - (label.x + label.width)).toBeLessThan(label.x - button.x);

  // A big screen in Arabic: the board reads from the right, rank first.
  await operator.locator('.op-rail button.scene-button[data-scene="board"]').click();
  const hallAr = await shots.open('screen-ar', `${url}/screen?lang=ar#token=${screenToken}`, { viewport: HALL_SCREEN });
  await expect(hallAr.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  const first = hallAr.locator('.scene-board .board-body .board-row').first();
  await first.waitFor();
  const rank = await first.locator('.c-rank').boundingBox();
  const name = await first.locator('.c-name').boundingBox();
  expect(rank && name).toBeTruthy();
  if (!rank || !name) return;
  expect(rank.x).toBeGreaterThan(name.x);
  expect(rank.x + rank.width).toBeGreaterThan(HALL_SCREEN.width / 2);

  await Promise.all([shots.shot(phone, 'audience-ar.png'), shots.shot(hallAr, 'screen-ar.png')]);
  await Promise.all([phone.context().close(), hallAr.context().close()]);
}, 90_000);

test('told that their node is draining, every page reconnects within the window and is live again', async () => {
  // What the node's shutdown sends first (ShutdownService); here the node stays up, so the pages
  // come back to it, as they would to another node behind the load balancer.
  const pages = [audience, operator, screen];
  const reopened = pages.map((page) => new Promise<void>((resolve) => page.once('websocket', () => resolve())));
  app().app.app.get(Broadcaster).draining(1000);
  await Promise.all(reopened);
  await Promise.all(pages.map((page) => live(page)));
  // The audience member is still who they were: the same person, in the keynote.
  await audience.locator('#tab-keynote').waitFor();
  await expect(audience.locator('.join-submit').count()).resolves.toBe(0);
}, 60_000);
