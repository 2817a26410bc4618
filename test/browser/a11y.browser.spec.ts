// Accessibility (WCAG 2.1 AA, issue 18) of the five pages in headless Chromium against the real app
// with the demo event: axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on any page
// and state, in English and in Arabic (right to left); every main flow runs by keyboard alone (no
// mouse: Tab, arrows, Enter, Space, and where the focus goes); live updates are announced politely
// and never faster than a screen reader can speak; colour is never the only cue; motion stops
// under `prefers-reduced-motion`.
import { setTimeout as sleep } from 'node:timers/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { DEMO_EVENT } from '../../src/demo/demo.seed.js';
import { connect, type Client } from '../support/app.js';
import { okData } from '../e2e/helpers.js';
import {
  Browsing,
  HALL_SCREEN,
  LAPTOP,
  PHONE,
  buildPages,
  crowd,
  eventually,
  live,
  startDemo,
  type DemoApp,
} from './pages.js';

/** The rules of WCAG 2.0 and 2.1, levels A and AA. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let demo: DemoApp | null = null;
let browsing: Browsing | null = null;
let backstage: Client | null = null;
let hall: Client[] = [];

/** Each page in both languages: English left to right, Arabic right to left. */
interface Pair {
  en: Page;
  ar: Page;
}
let phones: Pair;
let consoles: Pair;
let screens: Pair;

function op(): Client {
  if (!backstage) throw new Error('no operator socket');
  return backstage;
}

function both(pair: Pair): [string, Page][] {
  return [
    ['en', pair.en],
    ['ar', pair.ar],
  ];
}

// What runs in the pages is plain JavaScript in strings: the tests type-check against Node, not the DOM.

/** Scene changes fade and slide: the colours axe measures are the ones at rest. */
async function settled(page: Page): Promise<void> {
  // Evaluated, not page.waitForFunction: the pages' CSP forbids the eval that polling a string needs.
  await eventually(
    'the animations at rest',
    () =>
      page.evaluate<string[]>(
        `document.getAnimations().filter((a) => {
          const timing = a.effect.getComputedTiming();
          // Scenes and rows fading or sliding in; not what loops or lasts (a pulse, a countdown), nor
          // the short transitions of numbers that move (a clock's bar ticks every quarter second).
          return a.playState === 'running' && !(a instanceof CSSTransition) &&
            timing.iterations !== Infinity && timing.activeDuration <= 2000;
        }).map((a) => (a.animationName || a.transitionProperty || 'script') + ' on ' + ((a.effect.target && a.effect.target.className) || '?'))`,
      ),
    (running) => running.length === 0,
    10_000,
  );
}

/** What axe finds on a page against the WCAG A and AA rules, one line per rule and element. */
async function violations(page: Page, where: string): Promise<string[]> {
  await settled(page);
  // Only the violations are wanted: axe then skips the details of what passed (much faster).
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG)
    .analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} on ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  );
}

/** No violation on any of these pages, as they are now. */
async function expectClean(...pages: [string, Page][]): Promise<void> {
  const found = await Promise.all(pages.map(([where, page]) => violations(page, where)));
  expect(found.flat()).toEqual([]);
}

/** A short description of the element that has the keyboard focus. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const cls = (el.getAttribute('class') || '').split(' ').filter(Boolean).map((c) => '.' + c).join('');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
  })()`);
}

/** An element as the functions run in the page see it (the tests type-check without the DOM's types). */
interface InPage {
  ownerDocument: { activeElement: unknown };
  contains(other: unknown): boolean;
}

async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el: unknown) => el === (el as InPage).ownerDocument.activeElement);
}

/** The focus is inside `target`. */
async function focusWithin(target: Locator): Promise<boolean> {
  return target.evaluate((el: unknown) => (el as InPage).contains((el as InPage).ownerDocument.activeElement));
}

/** Presses Tab (Shift+Tab backwards) until `target` has the focus: it is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, max = 80, back = false): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  if (await hasFocus(target)) return;
  throw new Error(`${String(target)} not reached in ${max} Tab presses (the focus is on ${await focused(page)})`);
}

/**
 * Goes to a tab of a page by keyboard: Tab (backwards) to the selected tab (the only one in the Tab
 * order), then the arrow key until the wanted one has the focus.
 */
async function selectTab(page: Page, id: string): Promise<void> {
  await tabTo(page, page.locator('[role="tab"][aria-selected="true"]'), 200, true);
  const rtl = (await page.locator('html').getAttribute('dir')) === 'rtl';
  for (let i = 0; i < 6 && !(await hasFocus(page.locator(`#${id}`))); i++)
    await page.keyboard.press(rtl ? 'ArrowLeft' : 'ArrowRight');
  await expect(page.locator(`#${id}`).getAttribute('aria-selected')).resolves.toBe('true');
  await expect(hasFocus(page.locator(`#${id}`))).resolves.toBe(true);
}

/** Presses a key and checks where the focus went. */
async function pressAndStay(page: Page, key: string, stays: Locator): Promise<void> {
  await page.keyboard.press(key);
  await eventually(
    `the focus on ${String(stays)} after ${key}`,
    () => hasFocus(stays),
    (yes) => yes,
    5000,
  );
}

beforeAll(async () => {
  await buildPages();
  demo = await startDemo();
  const { url, operatorToken, screenToken } = demo;
  // The hall joins before six pages load the machine (admission control answers 429 when busy).
  hall = await crowd(url, DEMO_EVENT, ['DE', 'BR', 'CN']);
  backstage = await connect(url, operatorToken);
  browsing = await Browsing.launch();
  const open = (name: string, path: string, viewport: { width: number; height: number }, locale: string) =>
    (browsing as Browsing).open(name, `${url}${path}`, { viewport, locale });
  const [phoneEn, phoneAr] = await Promise.all([
    open('phone en', `/e/${DEMO_EVENT}`, PHONE, 'en-US'),
    open('phone ar', `/e/${DEMO_EVENT}`, PHONE, 'ar-EG'),
  ]);
  // The staff pages one after the other, each live before the next (four connecting at once on a
  // busy machine can race socket.io's upgrade from polling, a 400 in the console).
  const staff: Page[] = [];
  for (const [name, path, viewport, locale] of [
    ['console en', `/operator#token=${operatorToken}`, LAPTOP, 'en-US'],
    ['console ar', `/operator#token=${operatorToken}`, LAPTOP, 'ar-EG'],
    ['screen en', `/screen#token=${screenToken}`, HALL_SCREEN, 'en-US'],
    ['screen ar', `/screen?lang=ar#token=${screenToken}`, HALL_SCREEN, 'ar-EG'],
  ] as const) {
    const page = await open(name, path, viewport, locale);
    await live(page);
    staff.push(page);
  }
  const [consoleEn, consoleAr, screenEn, screenAr] = staff as [Page, Page, Page, Page];
  phones = { en: phoneEn, ar: phoneAr };
  consoles = { en: consoleEn, ar: consoleAr };
  screens = { en: screenEn, ar: screenAr };
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

test('the join form has no violations in either language, and a phone joins by keyboard alone', async () => {
  for (const [lang, phone] of both(phones))
    await expect(phone.locator('html').getAttribute('dir')).resolves.toBe(lang === 'ar' ? 'rtl' : 'ltr');
  await expectClean(['join en', phones.en], ['join ar', phones.ar]);

  for (const [lang, phone] of both(phones)) {
    // From the top of the page: the name first, then the country (typed to pick it), then Join.
    await tabTo(phone, phone.locator('#join-name'), 10);
    await phone.keyboard.type(lang === 'ar' ? 'ليلى' : 'Ana');
    await phone.keyboard.press('Tab');
    await expect(focused(phone)).resolves.toBe('select#join-country');
    await phone.keyboard.type(lang === 'ar' ? 'مصر' : 'Spain');
    await expect(phone.locator('#join-country').inputValue()).resolves.toBe(lang === 'ar' ? 'EG' : 'ES');
    await tabTo(phone, phone.locator('.join-submit'), 5);
    await phone.keyboard.press('Enter');
    await live(phone);
    // The page that replaces the form takes the focus at its heading, not lost at the bottom.
    await expect(focused(phone)).resolves.toMatch(/^h1/);
  }
});

test('the phone’s three tabs, moved through with the arrow keys, have no violations', async () => {
  for (const [lang, phone] of both(phones)) {
    await tabTo(phone, phone.locator('#tab-keynote'), 15);
    // Right to left, the next tab is to the left.
    const next = lang === 'ar' ? 'ArrowLeft' : 'ArrowRight';
    await pressAndStay(phone, next, phone.locator('#tab-forum'));
    await expect(phone.locator('#tab-forum').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(phone.locator('#panel-forum').isVisible()).resolves.toBe(true);
    await expectClean([`forum ${lang}`, phone]);
    await pressAndStay(phone, next, phone.locator('#tab-challenge'));
    await expectClean([`challenge ${lang}`, phone]);
    await pressAndStay(phone, next, phone.locator('#tab-keynote'));
    await expect(phone.locator('#panel-keynote').isVisible()).resolves.toBe(true);
  }
  await expectClean(['keynote en', phones.en], ['keynote ar', phones.ar]);
});

test('the console’s every section, moved through with the arrow keys, has no violations', async () => {
  for (const [lang, console] of both(consoles)) {
    await tabTo(console, console.locator('#tab-polls'), 15);
    const next = lang === 'ar' ? 'ArrowLeft' : 'ArrowRight';
    // On a laptop the stage is the rail beside the tabs, always in view.
    await expect(console.locator('.op-rail').isVisible()).resolves.toBe(true);
    for (const tab of ['quiz', 'forum', 'crash', 'polls']) {
      await pressAndStay(console, next, console.locator(`#tab-${tab}`));
      await expect(console.locator(`#panel-${tab}`).isVisible()).resolves.toBe(true);
      await expectClean([`console ${tab} ${lang}`, console]);
    }
  }
});

test('each scene of the big screen has no violations: the featured question, the boards, the join QR, blank', async () => {
  const scene = async (
    kind: 'auto' | 'board' | 'predictors' | 'join' | 'blank',
    shows: string = kind,
  ): Promise<void> => {
    okData(await op().send('screen:scene', { kind }));
    for (const [, screen] of both(screens))
      await screen.locator(`#app[data-scene="${shows}"]`).waitFor({ state: 'attached' });
    await expectClean([`screen ${kind} en`, screens.en], [`screen ${kind} ar`, screens.ar]);
  };
  await scene('auto', 'question');
  await scene('board');
  await scene('predictors');
  await scene('join');
  await scene('blank');
  await scene('auto', 'question');
});

/** The card of a poll on a phone. */
function cardOf(phone: Page, pollId: string): Locator {
  return phone.locator(`#panel-keynote article.poll[data-poll-id="${pollId}"]`);
}

/** Votes in a poll by keyboard only, as its kind asks; resolves once the page says the vote is in. */
async function voteByKeyboard(phone: Page, pollId: string, kind: string): Promise<void> {
  const card = cardOf(phone, pollId);
  await card.waitFor();
  switch (kind) {
    case 'single':
      await tabTo(phone, card.locator('button.option').nth(0));
      await phone.keyboard.press('Enter');
      break;
    case 'multi':
      await tabTo(phone, card.locator('button.option').nth(0));
      await phone.keyboard.press('Space');
      await tabTo(phone, card.locator('button.option').nth(2), 5);
      await phone.keyboard.press('Space');
      await expect(card.locator('button.option[aria-pressed="true"]').count()).resolves.toBe(2);
      await tabTo(phone, card.locator('button.send'), 10);
      await phone.keyboard.press('Enter');
      break;
    case 'rating':
      await tabTo(phone, card.locator('button.scale-step').nth(3));
      await phone.keyboard.press('Enter');
      break;
    case 'wordcloud':
      await tabTo(phone, card.locator('.word-form input'));
      await phone.keyboard.type('Quiet');
      await phone.keyboard.press('Enter');
      break;
    case 'ranking': {
      // Charging speed (third) to the top with its "move up" button: the focus stays on the button.
      const up = card.locator('li.rank-item[data-option="charging"] button.rank-up');
      await tabTo(phone, up);
      await pressAndStay(phone, 'Enter', up);
      await pressAndStay(phone, 'Enter', up);
      await expect(card.locator('ol.rank-list > li').first().getAttribute('data-option')).resolves.toBe('charging');
      await tabTo(phone, card.locator('button.send'), 30);
      await phone.keyboard.press('Enter');
      break;
    }
    case 'text':
      await tabTo(phone, card.locator('textarea.answer-input'));
      await phone.keyboard.type('Cars that talk to each other');
      await phone.keyboard.press('Enter');
      break;
    default:
      throw new Error(`no keyboard vote for ${kind}`);
  }
  await card.locator('.poll-mine.voted').waitFor();
}

/** What the hall votes, by kind (three people). */
const HALL_VOTES: Record<string, Record<string, unknown>[]> = {
  single: [{ optionIds: ['bev'] }, { optionIds: ['h2'] }, { optionIds: ['bev'] }],
  multi: [{ optionIds: ['range', 'price'] }, { optionIds: ['safety'] }, { optionIds: ['range'] }],
  rating: [{ value: 4 }, { value: 5 }, { value: 2 }],
  wordcloud: [{ text: 'Electric' }, { text: 'Safe' }, { text: 'Electric' }],
  ranking: [
    { ranking: ['safety', 'range', 'price', 'charging', 'connect'] },
    { ranking: ['range', 'safety', 'price', 'connect', 'charging'] },
    { ranking: ['price', 'range', 'safety', 'charging', 'connect'] },
  ],
  text: [{ text: 'Fewer crashes' }, { text: 'Seeing round corners' }, { text: 'Zero deaths' }],
};

const POLLS = [
  ['next-drive', 'single'],
  ['must-haves', 'multi'],
  ['feel-safe', 'rating'],
  ['one-word', 'wordcloud'],
  ['feature-order', 'ranking'],
  ['safety-future', 'text'],
] as const;

test('a poll of each kind: opened and revealed at the console and voted on the phones by keyboard, no violations before and after', async () => {
  const console = consoles.en;
  await selectTab(console, 'tab-polls');
  // The operator opens the first by keyboard: the card is drawn again, the focus stays in it (on Close).
  const first = console.locator('article.poll[data-poll-id="next-drive"]');
  await tabTo(console, first.getByRole('button', { name: 'Open' }), 150);
  await console.keyboard.press('Enter');
  const opened = console.locator('article.poll-open[data-poll-id="next-drive"]');
  await opened.waitFor();
  await eventually(
    'the focus on the open card’s Close button',
    () => hasFocus(opened.locator('button').first()),
    (yes) => yes,
  );
  await expect(opened.locator('button').first().textContent()).resolves.toBe('Close');
  // The others by the operator's socket: all six open at once on the phones.
  for (const [pollId] of POLLS.slice(1)) okData(await op().send('poll:open', { pollId }));
  for (const [, phone] of both(phones)) for (const [pollId] of POLLS) await cardOf(phone, pollId).waitFor();
  await expectClean(['polls before en', phones.en], ['polls before ar', phones.ar]);

  for (const [pollId, kind] of POLLS) {
    for (const [, phone] of both(phones)) await voteByKeyboard(phone, pollId, kind);
    const votes = HALL_VOTES[kind] ?? [];
    await Promise.all(hall.map(async (client, i) => okData(await client.send('poll:vote', { pollId, ...votes[i] }))));
  }
  // Results on reveal: the operator reveals the rating by keyboard (its card's Reveal button).
  const rating = console.locator('article.poll[data-poll-id="feel-safe"]');
  await tabTo(console, rating.getByRole('button', { name: 'Reveal' }), 150, true);
  await console.keyboard.press('Enter');
  await rating.locator('.chip.revealed').waitFor();
  await eventually(
    'the focus in the revealed card',
    () => focusWithin(rating),
    (yes) => yes,
    5000,
  );
  // Everyone's votes are in (two phones and the hall of three), the results shown.
  for (const [, phone] of both(phones))
    for (const [pollId, kind] of POLLS)
      await eventually(
        `the ${kind} poll's totals on the phone`,
        async () => (await cardOf(phone, pollId).locator('.poll-totals').textContent()) ?? '',
        (text) => /\b5\b/.test(text),
      );
  await expectClean(
    ['polls voted en', phones.en],
    ['polls voted ar', phones.ar],
    ['polls console en', consoles.en],
    ['polls console ar', consoles.ar],
  );
  // Each kind's results on the big screen, in both languages.
  for (const [pollId, kind] of POLLS) {
    okData(await op().send('screen:scene', { kind: 'poll', pollId }));
    for (const [, screen] of both(screens)) await screen.locator(`.scene-poll[data-poll="${pollId}"]`).waitFor();
    await expectClean([`${kind} results screen en`, screens.en], [`${kind} results screen ar`, screens.ar]);
  }
  okData(await op().send('screen:scene', { kind: 'auto' }));
  for (const [pollId] of POLLS) okData(await op().send('poll:close', { pollId }));
  // Closed, with their results: the earlier polls on the phone.
  for (const [, phone] of both(phones))
    await cardOf(phone, 'safety-future').and(phone.locator('[data-status="closed"]')).waitFor();
  await expectClean(['polls closed en', phones.en], ['polls closed ar', phones.ar]);
}, 90_000);

test('a quiz run at the console and answered on the phones by keyboard: question, reveal and podium without violations', async () => {
  const console = consoles.en;
  await selectTab(console, 'tab-quiz');
  const card = console.locator('article.quiz-card[data-quiz-id="summit-quiz"]');
  // Start by keyboard: the buttons change, the focus moves to the first new one (Reveal).
  await tabTo(console, card.locator('button.quiz-start'), 150);
  await console.keyboard.press('Enter');
  const reveal = card.locator('button.quiz-reveal');
  await reveal.waitFor();
  await eventually(
    'the focus on Reveal',
    () => hasFocus(reveal),
    (yes) => yes,
    5000,
  );

  for (const [lang, phone] of both(phones)) {
    const question = phone.locator('#panel-keynote section.quiz[data-phase="question"]');
    await question.waitFor();
    // English answers right (Key opinion consumer), Arabic wrong.
    const pick = question.locator(`button.quiz-option[data-option="${lang === 'en' ? 'consumer' : 'club'}"]`);
    await tabTo(phone, pick, 40, true);
    await pressAndStay(phone, 'Enter', pick);
    await question.locator('.quiz-status.locked').waitFor();
    await expect(pick.getAttribute('aria-pressed')).resolves.toBe('true');
  }
  for (const [, screen] of both(screens)) await screen.locator('.scene-quiz[data-phase="question"]').waitFor();
  await expectClean(
    ['quiz question en', phones.en],
    ['quiz question ar', phones.ar],
    ['quiz question screen en', screens.en],
    ['quiz question screen ar', screens.ar],
    ['quiz question console en', consoles.en],
    ['quiz question console ar', consoles.ar],
  );

  await expect(hasFocus(reveal)).resolves.toBe(true);
  await console.keyboard.press('Enter');
  for (const [lang, phone] of both(phones)) {
    const revealed = phone.locator('#panel-keynote section.quiz[data-phase="reveal"]');
    // Right and wrong in words and marks, not only in green and red.
    await revealed.locator(`.quiz-outcome[data-result="${lang === 'en' ? 'right' : 'wrong'}"]`).waitFor();
    await expect(revealed.locator('.quiz-outcome').textContent()).resolves.not.toBe('');
    await expect(
      revealed.locator('button.quiz-option[data-option="consumer"] .quiz-mark').textContent(),
    ).resolves.toMatch(/^✓/);
  }
  for (const [, screen] of both(screens)) {
    const right = screen.locator('.scene-quiz[data-phase="reveal"] .quiz-dist-row.correct');
    await expect(right.locator('.quiz-dist-mark').textContent()).resolves.toMatch(/^✓/);
  }
  await expectClean(
    ['quiz reveal en', phones.en],
    ['quiz reveal ar', phones.ar],
    ['quiz reveal screen en', screens.en],
    ['quiz reveal screen ar', screens.ar],
    ['quiz reveal console en', consoles.en],
    ['quiz reveal console ar', consoles.ar],
  );

  okData(await op().send('quiz:end', { quizId: 'summit-quiz' }));
  for (const [, screen] of both(screens))
    await screen.locator('.scene-quiz[data-phase="ended"] .quiz-podium').waitFor();
  for (const [, phone] of both(phones))
    await phone.locator('#panel-keynote section.quiz[data-phase="ended"]').waitFor();
  await expectClean(
    ['quiz podium screen en', screens.en],
    ['quiz podium screen ar', screens.ar],
    ['quiz ended en', phones.en],
    ['quiz ended ar', phones.ar],
  );
}, 60_000);

test('the forum by keyboard: a question asked and another upvoted on the phone, approved at the console', async () => {
  const phone = phones.en;
  await selectTab(phone, 'tab-forum');
  await tabTo(phone, phone.locator('#ask-text'), 10);
  const asked = 'Will the crash tests cover e-scooters too?';
  await phone.keyboard.type(asked);
  await tabTo(phone, phone.locator('form.ask button[type="submit"]'), 5);
  await phone.keyboard.press('Enter');
  const mine = phone.locator('.my-questions li.mine', { hasText: asked });
  // Its state in words (a chip that says "waiting"), not only a colour.
  await mine.locator('.chip[data-status="pending"]').waitFor();
  await expect(mine.locator('.chip').textContent()).resolves.not.toBe('');

  // Upvote the first public question with the space bar: pressed, counted, the focus kept.
  const upvote = phone.locator('#panel-forum .questions article.question button.upvote').first();
  const before = Number(await upvote.locator('.q-count').textContent());
  await tabTo(phone, upvote, 20);
  await pressAndStay(phone, 'Space', upvote);
  await eventually(
    'the upvote pressed',
    () => upvote.getAttribute('aria-pressed'),
    (v) => v === 'true',
  );
  await expect(upvote.locator('.q-count').textContent()).resolves.toBe(String(before + 1));
  await expectClean(['forum asked en', phones.en], ['forum ar', phones.ar]);

  // The operator approves it by keyboard; the focus stays in its card, drawn again.
  const console = consoles.en;
  await selectTab(console, 'tab-forum');
  const card = console.locator('article.question', { hasText: asked });
  await card.locator('.chip.qstatus-pending').waitFor();
  await expectClean(['console pending en', consoles.en], ['console pending ar', consoles.ar]);
  await tabTo(console, card.getByRole('button', { name: 'Approve' }), 60);
  await console.keyboard.press('Enter');
  await card.locator('.chip.qstatus-approved').waitFor();
  await eventually(
    'the focus in the approved question’s card',
    () => focusWithin(card),
    (yes) => yes,
    5000,
  );
  await mine.locator('.chip[data-status="approved"]').waitFor();
  await expectClean(['console approved en', consoles.en], ['forum approved en', phones.en]);
}, 60_000);

/** Records every change of the page's live regions (what a screen reader would announce), with its time. */
async function listen(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const said = [];
    window.said = said;
    const regions = '[aria-live], [role="status"], [role="alert"], [role="log"], [role="timer"]';
    const names = new WeakMap();
    let n = 0;
    new MutationObserver((mutations) => {
      const changed = new Set();
      for (const m of mutations) {
        const node = m.target instanceof Element ? m.target : m.target.parentElement;
        const region = node && node.closest(regions);
        if (!region) continue;
        // A timer is off unless it says otherwise; a status, an alert or a log is polite or assertive.
        const live = region.getAttribute('aria-live') || (region.getAttribute('role') === 'timer' ? 'off' : 'polite');
        if (live !== 'off') changed.add(region);
      }
      for (const region of changed) {
        if (!names.has(region)) names.set(region, (region.className || region.tagName) + '#' + (n += 1));
        said.push({ region: names.get(region), at: Date.now(), text: region.textContent || '' });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

test('a tally moving every 250 ms is announced politely, a few seconds apart, never as a flood', async () => {
  const pollId = 'a11y-tally';
  okData(
    await op().send('poll:create', {
      id: pollId,
      kind: 'single',
      question: { en: 'Which colour for the stage lights?', ar: 'ما لون أضواء المسرح؟' },
      options: [
        { id: 'blue', label: { en: 'Blue', ar: 'أزرق' } },
        { id: 'amber', label: { en: 'Amber', ar: 'كهرماني' } },
      ],
      results: 'live',
    }),
  );
  const phone = phones.en;
  await selectTab(phone, 'tab-keynote');
  okData(await op().send('poll:open', { pollId }));
  await cardOf(phone, pollId).waitFor();
  // The results are spoken from a polite region of their own (not the buttons, not an alert).
  const spoken = cardOf(phone, pollId).locator('[aria-live="polite"]');
  await expect(spoken.count()).resolves.toBe(1);
  await listen(phone);
  // The hall changes its mind four times a second for three seconds.
  const started = Date.now();
  for (let i = 0; Date.now() - started < 3000; i++) {
    const client = hall[i % hall.length];
    if (!client) throw new Error('no hall');
    okData(await client.send('poll:vote', { pollId, optionIds: [i % 2 === 0 ? 'blue' : 'amber'] }));
    // The pace of the hall (what is tested), not a wait for something to happen.
    await sleep(250);
  }
  await eventually(
    'the totals on the phone',
    async () => (await cardOf(phone, pollId).locator('.poll-totals').textContent()) ?? '',
    (text) => text.startsWith('3 votes'),
  );
  const said = await phone.evaluate<{ region: string; at: number; text: string }[]>('window.said');
  // Spoken at least once: the results are heard.
  expect(said.map((s) => s.text)).toContainEqual(expect.stringMatching(/\d vote/));
  // No region speaks twice within two seconds.
  const last = new Map<string, number>();
  const floods: string[] = [];
  for (const s of said) {
    const before = last.get(s.region);
    if (before !== undefined && s.at - before < 2000) floods.push(`${s.region} after ${s.at - before} ms: ${s.text}`);
    last.set(s.region, s.at);
  }
  expect(floods).toEqual([]);
  // What was held back is said once the region has been quiet long enough: the latest numbers.
  await eventually(
    'the latest totals spoken',
    () => spoken.textContent(),
    (text) => /3 votes/.test(text ?? ''),
    10_000,
  );
  okData(await op().send('poll:close', { pollId }));
}, 30_000);

/** Elements that move (or animate at all) for longer than 10 ms: transitions, CSS and script animations. */
async function motion(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const seconds = (value) =>
      Math.max(...value.split(',').map((v) => (v.trim().endsWith('ms') ? parseFloat(v) / 1000 : parseFloat(v))));
    const found = [];
    // Transitions that would run on the next change (a bar's width, a row's slide).
    for (const el of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        if (style.transitionProperty !== 'none' && seconds(style.transitionDuration) > 0.01)
          found.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + (pseudo || '') +
            ': transition ' + style.transitionProperty + ' ' + style.transitionDuration);
      }
    }
    // What runs now and moves (a plain fade in place is no motion).
    const still = ['offset', 'easing', 'composite', 'computedOffset', 'opacity'];
    for (const a of document.getAnimations()) {
      const keyframes = a.effect && a.effect.getKeyframes ? a.effect.getKeyframes() : [];
      const fadeOnly = keyframes.every((k) => Object.keys(k).every((p) => still.includes(p)));
      if (a.playState === 'running' && Number(a.effect.getComputedTiming().duration) > 10 && !fadeOnly)
        found.push(((a.effect.target && a.effect.target.className) || '?') + ': running ' + (a.animationName || 'animation'));
    }
    return found;
  })()`);
}

test('under prefers-reduced-motion nothing slides, grows, pulses or floats', async () => {
  const pages: [string, Page][] = [
    ['phone', phones.en],
    ['console', consoles.en],
    ['screen', screens.en],
  ];
  for (const [, page] of pages) await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    // The things that move: a poll opening with its bars, votes, reactions, a scene change.
    okData(await op().send('poll:open', { pollId: 'next-drive' }));
    okData(await op().send('screen:scene', { kind: 'poll', pollId: 'next-drive' }));
    for (const [, phone] of both(phones)) await cardOf(phone, 'next-drive').waitFor();
    await Promise.all(
      hall.map(async (client, i) =>
        okData(await client.send('poll:vote', { pollId: 'next-drive', optionIds: [i === 0 ? 'ice' : 'phev'] })),
      ),
    );
    await Promise.all(hall.map(async (client) => okData(await client.send('reaction:send', { emoji: '🎉' }))));
    await screens.en.locator('.scene-poll[data-poll="next-drive"]').waitFor();
    for (const [name, page] of pages) {
      const moving = await motion(page);
      expect(moving.map((m) => `${name}: ${m}`)).toEqual([]);
    }
    // The answers the emulation was checked against: the same pages move without it.
    await screens.en.emulateMedia({ reducedMotion: 'no-preference' });
    await expect(motion(screens.en)).resolves.not.toEqual([]);
  } finally {
    for (const [, page] of pages) await page.emulateMedia({ reducedMotion: null });
    okData(await op().send('poll:close', { pollId: 'next-drive' }));
    okData(await op().send('screen:scene', { kind: 'auto' }));
  }
});

test('the report and the livestream overlay have no violations, in English and in Arabic', async () => {
  const { url, operatorToken, screenToken } = demo as DemoApp;
  const open = (name: string, path: string, locale: string) =>
    (browsing as Browsing).open(name, `${url}${path}`, { viewport: LAPTOP, locale });
  // The report of what the tests above did: every chart drawn, each with its summary and table.
  for (const [lang, locale] of [
    ['en', 'en-US'],
    ['ar', 'ar-EG'],
  ] as const) {
    const report = await open(`report ${lang}`, `/report#token=${operatorToken}`, locale);
    await report.locator('body[data-ready="true"]').waitFor();
    await expectClean([`report ${lang}`, report]);
    // The overlay on a video mixer: the poll of the moment, the featured question, the board.
    for (const scene of ['poll', 'question', 'board'] as const) {
      const overlay = await open(
        `overlay ${scene} ${lang}`,
        `/overlay#token=${screenToken}&scene=${scene}&lang=${lang}`,
        locale,
      );
      await live(overlay);
      await overlay.locator('#app[data-shown="true"]').waitFor();
      await expectClean([`overlay ${scene} ${lang}`, overlay]);
      await overlay.close();
    }
    await report.close();
  }
});
