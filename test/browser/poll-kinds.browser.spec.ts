// Ranking and open-text polls (PROTOCOL section 9) in the three pages, in headless Chromium against
// the real app with the demo event: a ranking arranged and sent by keyboard on a phone, its points
// on the big screen; an open answer approved at the console on the screen's wall; Arabic.
import type { Locator, Page } from 'playwright-core';
import { DEMO_EVENT } from '../../src/demo/demo.seed.js';
import { connect, type Client } from '../support/app.js';
import { okData, openPoll, vote } from '../e2e/helpers.js';
import {
  Browsing,
  HALL_SCREEN,
  LAPTOP,
  SMALL_PHONE,
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
let hall: Client[] = [];
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

function op(): Client {
  if (!backstage) throw new Error('no operator socket');
  return backstage;
}

/** The points of a ranking as PROTOCOL section 9 counts them: place i of a vote gets n - i. */
function pointsOf(n: number, rankings: string[][]): Map<string, number> {
  const points = new Map<string, number>();
  for (const ranking of rankings) ranking.forEach((id, i) => points.set(id, (points.get(id) ?? 0) + n - i));
  return points;
}

/** The option ids of a list, top to bottom, as the page shows them. */
async function orderOf(list: Locator): Promise<string[]> {
  const items = await list.locator(':scope > li').all();
  return Promise.all(items.map(async (li) => (await li.getAttribute('data-option')) ?? ''));
}

/** Presses a key on a button that has the keyboard focus, and checks it kept it (known by its name). */
async function pressOn(page: Page, button: Locator, key: string): Promise<void> {
  await button.focus();
  await page.keyboard.press(key);
  const focused = await page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');
  expect(focused).toBe(await button.getAttribute('aria-label'));
}

const PRIORITIES = {
  id: 'rank-priorities',
  kind: 'ranking',
  question: { en: 'Rank what matters most in your next car', ar: 'رتّب أهم ما في سيارتك القادمة' },
  options: [
    { id: 'safety', label: { en: 'Safety', ar: 'السلامة' } },
    { id: 'range', label: { en: 'Range', ar: 'مدى القيادة' } },
    { id: 'price', label: { en: 'Price', ar: 'السعر' } },
    { id: 'design', label: { en: 'Design', ar: 'التصميم' } },
    { id: 'tech', label: { en: 'Tech', ar: 'التقنية' } },
  ],
  maxRank: 3,
  results: 'live',
};

beforeAll(async () => {
  await buildPages();
  demo = await startDemo();
  browsing = await Browsing.launch();
  const { url, operatorToken, screenToken } = demo;
  [operator, screen, audience] = await Promise.all([
    browsing.open('operator', `${url}/operator#token=${operatorToken}`, { viewport: LAPTOP }),
    browsing.open('screen', `${url}/screen#token=${screenToken}`, { viewport: HALL_SCREEN }),
    browsing.open('audience', `${url}/e/${DEMO_EVENT}`, { viewport: SMALL_PHONE }),
  ]);
  await Promise.all([live(operator), live(screen), joinAs(audience, 'Ana', 'ES')]);
  hall = await crowd(url, DEMO_EVENT, ['DE', 'BR', 'CN']);
  backstage = await connect(url, operatorToken);
}, 240_000);

afterEach(() => {
  if (browsing) expect(browsing.takeErrors()).toEqual([]);
});

afterAll(async () => {
  for (const client of hall.splice(0)) client.close();
  backstage?.close();
  await browsing?.close();
  await demo?.app.close();
});

test('a ranking arranged by keyboard on a phone is sent, and its points show on the screen', async () => {
  await openPoll(op(), PRIORITIES);
  const card = audience.locator(`#panel-keynote article.poll[data-poll-id="${PRIORITIES.id}"]`);
  const list = card.locator('ol.rank-list');
  await list.waitFor();
  expect(await orderOf(list)).toEqual(['safety', 'range', 'price', 'design', 'tech']);
  // The places that count are marked: three numbered, the last two not counted.
  await expect(card.locator('.rank-item:not(.out)').count()).resolves.toBe(3);
  await expect(card.locator('.rank-item.out').count()).resolves.toBe(2);
  await expect(card.locator('.rank-item.cut').getAttribute('data-option')).resolves.toBe('design');

  // Tech to the top with its "move up" button and Enter, four times; the focus stays on the button.
  const techUp = card.getByRole('button', { name: 'Move Tech up', exact: true });
  for (let i = 0; i < 4; i++) await pressOn(audience, techUp, 'Enter');
  expect(await orderOf(list)).toEqual(['tech', 'safety', 'range', 'price', 'design']);
  await expect(card.locator('[role="status"]').textContent()).resolves.toBe('Tech: place 1 of 5.');
  await expect(techUp.getAttribute('aria-disabled')).resolves.toBe('true');
  // Range above Safety with Space; Safety down and back up with the arrows' other button.
  await pressOn(audience, card.getByRole('button', { name: 'Move Range up', exact: true }), 'Space');
  const safetyDown = card.getByRole('button', { name: 'Move Safety down', exact: true });
  await pressOn(audience, safetyDown, 'Enter');
  await expect(card.locator('[role="status"]').textContent()).resolves.toBe('Safety: place 4 of 5, not counted.');
  await pressOn(audience, card.getByRole('button', { name: 'Move Safety up', exact: true }), 'Enter');
  expect(await orderOf(list)).toEqual(['tech', 'range', 'safety', 'price', 'design']);
  await expect(card.locator('.rank-item[data-option="safety"] .rank-pos').textContent()).resolves.toBe('3');

  // Sent with Enter on the send button: the top three are the vote.
  await card.getByRole('button', { name: 'Send my ranking', exact: true }).focus();
  await audience.keyboard.press('Enter');
  await card.locator('.poll-mine.voted').waitFor();
  await expect(card.locator('.poll-mine').textContent()).resolves.toContain('Your ranking is in');
  await expect(card.locator('.my-ranking-list li').allTextContents()).resolves.toEqual(['Tech', 'Range', 'Safety']);
  const change = card.getByRole('button', { name: 'Change my ranking', exact: true });
  await expect(change.getAttribute('aria-disabled')).resolves.toBe('true');
  await expect(audience.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe(
    'Change my ranking',
  );

  // The hall ranks too; the screen's points are what the four votes give.
  const votes = [['tech', 'range', 'safety'], ['safety', 'tech', 'price'], ['range'], ['design', 'price', 'range']];
  await Promise.all(hall.map((c, i) => vote(c, PRIORITIES.id, { ranking: votes[i + 1] ?? [] })));
  const points = pointsOf(PRIORITIES.options.length, votes);
  const expected = PRIORITIES.options
    .map((o, i) => ({ id: o.id, points: points.get(o.id) ?? 0, i }))
    .sort((a, b) => b.points - a.points || a.i - b.i);
  const scene = screen.locator(`.scene-poll[data-poll="${PRIORITIES.id}"]`);
  await scene.waitFor();
  await scene.locator('.poll-foot .num').first().filter({ hasText: /^4$/ }).waitFor();
  for (const { id, points: n } of expected) {
    await scene
      .locator(`.rank-row[data-option="${id}"] .rank-points`)
      .filter({ hasText: new RegExp(`^${n}$`) })
      .waitFor();
  }
  await eventually(
    'the screen rows in the order of points',
    () => orderOf(scene.locator('ol.ranking-bars')),
    (order) => order.join() === expected.map((e) => e.id).join(),
  );
  // The phone shows the same ranking, points and all, as the results are live.
  await eventually(
    "the phone's results in the order of points",
    () => orderOf(card.locator('ol.rank-results')),
    (order) => order.join() === expected.map((e) => e.id).join(),
  );
  // The console's tally: points, firsts (Tech was first once) and the voters who ranked it.
  const row = operator.locator(`article.poll[data-poll-id="${PRIORITIES.id}"] .rank-row[data-option="tech"]`);
  await row.filter({ hasText: `${points.get('tech')} pts · 1× first · ranked by 2` }).waitFor();

  await Promise.all([
    browser().shot(audience, 'audience-ranking.png'),
    browser().shot(screen, 'screen-ranking.png'),
    browser().shot(operator, 'operator-ranking.png'),
  ]);
  okData(await op().send('poll:close', { pollId: PRIORITIES.id }));
}, 90_000);

test('an open answer approved at the console appears on the wall of the screen', async () => {
  const pollId = 'summit-wish';
  await openPoll(op(), {
    id: pollId,
    kind: 'text',
    question: { en: 'What should the summit do next year?' },
    moderated: true,
    results: 'live',
  });
  const card = audience.locator(`#panel-keynote article.poll[data-poll-id="${pollId}"]`);
  const box = card.locator(`#answer-${pollId}`);
  await box.waitFor();
  await expect(card.locator('.counter').textContent()).resolves.toBe('280 characters left');
  const answer = 'More test drives of the hydrogen cars';
  await box.fill(answer);
  await expect(card.locator('.counter').textContent()).resolves.toBe(`${280 - answer.length} characters left`);
  await box.press('Enter');
  // Moderated: Ana's answer waits for a moderator.
  await card.locator('.poll-mine', { hasText: 'It will be shown once a moderator approves it.' }).waitFor();
  await expect(card.locator('.poll-mine').textContent()).resolves.toContain(answer);
  await expect(box.inputValue()).resolves.toBe('');

  // Somebody else answers; the moderator rejects that one and approves Ana's.
  const other = 'Free coffee all day long';
  const [someone] = hall;
  if (!someone) throw new Error('nobody in the hall');
  await vote(someone, pollId, { text: other });
  const pollCard = operator.locator(`article.poll[data-poll-id="${pollId}"]`);
  const mine = pollCard.locator('.mod-row', { hasText: answer });
  const theirs = pollCard.locator('.mod-row', { hasText: other });
  await pollCard.locator('.mod-row[data-status="pending"]', { hasText: other }).waitFor();
  await pollCard.locator('.mod-row[data-status="pending"]', { hasText: answer }).waitFor();
  await pollCard.locator('.mod-counts', { hasText: '2 waiting · 0 approved · 0 rejected' }).waitFor();
  await theirs.getByRole('button', { name: `Reject: ${other}`, exact: true }).click();
  await pollCard.locator('.mod-row[data-status="rejected"]', { hasText: other }).waitFor();
  await mine.getByRole('button', { name: `Approve: ${answer}`, exact: true }).click();
  await pollCard.locator('.mod-row[data-status="approved"]', { hasText: answer }).waitFor();
  await pollCard.locator('.mod-counts', { hasText: '0 waiting · 1 approved · 1 rejected' }).waitFor();

  // On the screen: Ana's answer on the wall, its words in the cloud, the rejected one nowhere.
  const scene = screen.locator(`.scene-poll[data-poll="${pollId}"]`);
  await scene.locator('.answer-wall .answer-card', { hasText: answer }).waitFor();
  await expect(scene.locator('.answer-wall .answer-card').count()).resolves.toBe(1);
  await expect(scene.getByText(other).count()).resolves.toBe(0);
  await scene.locator('.cloud .word').first().waitFor();
  // And on Ana's phone: her answer is shown, with the others approved.
  await card.locator('.poll-mine', { hasText: 'It is shown with the answers.' }).waitFor();
  await card.locator('.answer-list .answer', { hasText: answer }).waitFor();

  await Promise.all([
    browser().shot(audience, 'audience-text.png'),
    browser().shot(screen, 'screen-text.png'),
    browser().shot(operator, 'operator-text.png'),
  ]);
  okData(await op().send('poll:close', { pollId }));
}, 90_000);

test('in Arabic the ranking reads right to left and its controls work', async () => {
  const pollId = 'rank-ar';
  const { maxRank: _everyPlace, ...priorities } = PRIORITIES;
  await openPoll(op(), { ...priorities, id: pollId });
  const phone = await browser().open('audience-ar', `${app().url}/e/${DEMO_EVENT}`, {
    viewport: SMALL_PHONE,
    locale: 'ar-EG',
  });
  await expect(phone.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  await joinAs(phone, 'ليلى', 'EG');
  const card = phone.locator(`#panel-keynote article.poll[data-poll-id="${pollId}"]`);
  const list = card.locator('ol.rank-list');
  await list.waitFor();
  // Every place counts here: no item is marked out.
  await expect(card.locator('.rank-item.out').count()).resolves.toBe(0);

  // The place number sits at the right, the arrows at the left.
  const first = card.locator('.rank-item').first();
  const [pos, moves] = await Promise.all([
    first.locator('.rank-pos').boundingBox(),
    first.locator('.rank-moves').boundingBox(),
  ]);
  expect(pos && moves).toBeTruthy();
  if (!pos || !moves) return;
  expect(pos.x).toBeGreaterThan(moves.x);
  expect(pos.x + pos.width).toBeGreaterThan(SMALL_PHONE.width - 60);

  // The buttons speak Arabic and move the item; the move is announced in Arabic.
  await pressOn(phone, card.getByRole('button', { name: 'تحريك السعر إلى الأعلى', exact: true }), 'Enter');
  expect(await orderOf(list)).toEqual(['safety', 'price', 'range', 'design', 'tech']);
  await expect(card.locator('[role="status"]').textContent()).resolves.toBe('السعر: المرتبة 2 من 5.');
  // Dragging Tech by its handle above Range.
  const grip = card.locator('.rank-item[data-option="tech"] .rank-grip');
  const target = await card.locator('.rank-item[data-option="range"]').boundingBox();
  const from = await grip.boundingBox();
  expect(target && from).toBeTruthy();
  if (!target || !from) return;
  await phone.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await phone.mouse.down();
  await phone.mouse.move(from.x + from.width / 2, target.y + target.height / 4, { steps: 8 });
  await phone.mouse.up();
  expect(await orderOf(list)).toEqual(['safety', 'price', 'tech', 'range', 'design']);

  await card.getByRole('button', { name: 'إرسال ترتيبي', exact: true }).click();
  await expect(card.locator('.my-ranking-list li').first().textContent()).resolves.toBe('السلامة');
  await card.locator('.my-ranking-title', { hasText: 'ترتيبك' }).waitFor();
  // Stored as arranged: Safety first, every place filled.
  await eventually(
    'the stored ranking of the Arabic phone',
    async () => okData(await op().send('state:sync', {})).polls.find((p) => p.id === pollId)?.tally?.ranking ?? [],
    (rows) => rows.find((r) => r.optionId === 'safety')?.firsts === 1 && rows.every((r) => r.points > 0),
  );

  await browser().shot(phone, 'audience-ranking-ar.png');
  await phone.context().close();
  okData(await op().send('poll:close', { pollId }));
}, 90_000);

test('the console composes a ranking poll with the places that count, and an unmoderated text poll', async () => {
  await operator.locator('#tab-polls').click();
  const form = operator.locator('#panel-polls form.composer');
  await form.locator('label.seg', { hasText: 'Ranking' }).click();
  await form.getByLabel('Question in English (required)').fill('Order the test tracks');
  const options = form.locator('.option-list input.lang-en');
  await form.getByRole('button', { name: '+ Option', exact: true }).click();
  for (const [i, label] of ['Snow', 'Rain', 'Sand'].entries()) await options.nth(i).fill(label);
  await form.getByLabel('Places that count').fill('2');
  await form.locator('input[pattern]').fill('tracks');
  await form.getByRole('button', { name: 'Create draft', exact: true }).click();
  const ranking = operator.locator('article.poll[data-poll-id="tracks"]');
  await ranking.filter({ hasText: 'The top 2 places count' }).waitFor();

  await form.locator('label.seg', { hasText: 'Open text' }).click();
  await expect(form.getByLabel('Places that count').isVisible()).resolves.toBe(false);
  const moderated = form.getByLabel('Check every answer before it is shown');
  await expect(moderated.isChecked()).resolves.toBe(true);
  await moderated.uncheck();
  await form.getByLabel('Question in English (required)').fill('One word for the summit');
  await form.locator('input[pattern]').fill('summit-word');
  await form.getByRole('button', { name: 'Create draft', exact: true }).click();
  await operator.locator('article.poll[data-poll-id="summit-word"]', { hasText: 'Answers show at once' }).waitFor();

  const polls = okData(await op().send('state:sync', {})).polls;
  const made = polls.find((p) => p.id === 'tracks');
  expect(made).toMatchObject({ kind: 'ranking', maxRank: 2, status: 'draft' });
  expect(made?.options.map((o) => o.label.en)).toEqual(['Snow', 'Rain', 'Sand']);
  expect(polls.find((p) => p.id === 'summit-word')).toMatchObject({ kind: 'text', moderated: false });
}, 60_000);
