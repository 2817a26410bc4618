// The livestream overlay in headless Chromium against the real app (the demo event), at 1920x1080
// as a video mixer's browser source: a transparent page, the video area left clear, each scene's
// live data as the operator's socket and a small crowd drive the event, nothing at all while a
// scene has nothing to show, and the board in Arabic, right to left.
import type { Locator, Page } from 'playwright-core';
import { DEMO_EVENT } from '../../src/demo/demo.seed.js';
import { connect, type Client } from '../support/app.js';
import { okData } from '../e2e/helpers.js';
import { Browsing, HALL_SCREEN, buildPages, crowd, eventually, live, startDemo, type DemoApp } from './pages.js';

/** The crowd: three from Spain (enough for the quiz's countries board), one from Germany, one from Brazil. */
const HALL = ['ES', 'ES', 'ES', 'DE', 'BR'];
const FEATURED = 'Will the new platform support bidirectional charging for home use?';
/** Where the video shows in a left-to-right overlay: the top left quarter, away from the panels and their shadows. */
const VIDEO = { x: 0, y: 0, width: 800, height: 540 };

let demo: DemoApp | null = null;
let browsing: Browsing | null = null;
let operator: Client | null = null;
let hall: Client[] = [];
let decoder: Page | null = null;

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is not started`);
  return value;
}

const op = (): Client => need(operator, 'the operator');

async function overlay(scene: string, extra = ''): Promise<Page> {
  const { url, screenToken } = need(demo, 'the demo');
  const page = await need(browsing, 'the browser').open(
    `overlay ${scene}${extra}`,
    `${url}/overlay#token=${screenToken}&scene=${scene}${extra}`,
    { viewport: HALL_SCREEN },
  );
  await live(page);
  return page;
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

interface Pixels {
  /** Share of the region's pixels that are fully transparent (0 to 1). */
  clear: number;
  /** Pixels of the whole picture that are not fully transparent. */
  painted: number;
}

/** A screenshot without the page's background, decoded in a blank page: how transparent it is. */
async function pixels(page: Page, region = VIDEO): Promise<Pixels> {
  const png = (await page.screenshot({ omitBackground: true, animations: 'disabled' })).toString('base64');
  const script = `(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png}';
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const r = ${JSON.stringify(region)};
    let clear = 0, inside = 0, painted = 0;
    for (let y = 0; y < img.height; y += 2)
      for (let x = 0; x < img.width; x += 2) {
        const a = data[(y * img.width + x) * 4 + 3];
        if (a !== 0) painted++;
        if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height) {
          inside++;
          if (a === 0) clear++;
        }
      }
    return { clear: inside ? clear / inside : 0, painted };
  })()`;
  return need(decoder, 'the decoder').evaluate<Pixels>(script);
}

/** An attribute of every element a locator finds, in order. */
async function attrs(locator: Locator, name: string): Promise<string[]> {
  const n = await locator.count();
  return Promise.all(Array.from({ length: n }, async (_, i) => (await locator.nth(i).getAttribute(name)) ?? ''));
}

async function transparentBackground(page: Page): Promise<void> {
  const backgrounds = await page.evaluate<string[]>(
    `[document.documentElement, document.body].map((el) => getComputedStyle(el).backgroundColor)`,
  );
  for (const colour of backgrounds) expect(['rgba(0, 0, 0, 0)', 'transparent']).toContain(colour);
}

/** The page shows nothing: no panel, and not one painted pixel. */
async function nothingOnAir(page: Page): Promise<void> {
  await page.locator('#app[data-shown="true"]').waitFor({ state: 'detached' });
  await page.locator('.ov-panel').first().waitFor({ state: 'detached' });
  const shot = await pixels(page);
  expect(shot).toEqual({ clear: 1, painted: 0 });
}

beforeAll(async () => {
  await buildPages();
  demo = await startDemo();
  browsing = await Browsing.launch();
  decoder = await browsing.open('decoder', 'about:blank', { viewport: { width: 800, height: 600 } });
  operator = await connect(demo.url, demo.operatorToken);
  hall = await crowd(demo.url, DEMO_EVENT, HALL);
}, 120_000);

afterEach(() => {
  if (browsing) expect(browsing.takeErrors()).toEqual([]);
});

afterAll(async () => {
  for (const client of hall.splice(0)) client.close();
  operator?.close();
  await browsing?.close();
  await demo?.app.close();
});

test('a transparent page that shows nothing while its scene has nothing to show (no poll, no quiz, no token)', async () => {
  const [poll, quiz, unknown] = await Promise.all([overlay('poll'), overlay('quiz'), overlay('weather')]);
  for (const page of [poll, quiz, unknown]) {
    await transparentBackground(page);
    await nothingOnAir(page);
  }
  // Without a token: still nothing on air, no error box.
  const { url } = need(demo, 'the demo');
  const bare = await need(browsing, 'the browser').open('overlay bare', `${url}/overlay#scene=poll`, {
    viewport: HALL_SCREEN,
  });
  await bare.locator('.status[data-status="unauthorized"]').waitFor({ state: 'attached' });
  await nothingOnAir(bare);
  for (const page of [poll, quiz, unknown, bare]) await page.context().close();
}, 30_000);

test('poll: the open poll with its live tally, the crowd’s votes counted, the video left clear', async () => {
  const page = await overlay('poll');
  okData(await op().send('poll:open', { pollId: 'next-drive' }));
  const card = page.locator('.ov-poll[data-poll="next-drive"][data-status="open"]');
  await card.waitFor();
  await expect(text(page, '.ov-title')).resolves.toBe('Which drive do you want in your next car?');
  // The live dot pulses; under prefers-reduced-motion nothing moves.
  const moving = (): Promise<number> => page.evaluate<number>('document.getAnimations().length');
  await expect(moving()).resolves.toBeGreaterThan(0);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await eventually('the motion', moving, (n) => n === 0, 5000);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const picks = ['bev', 'bev', 'h2', 'bev', 'phev'];
  await Promise.all(
    hall.map(async (c, i) =>
      okData(await c.send('poll:vote', { pollId: 'next-drive', optionIds: [picks[i] ?? 'bev'] })),
    ),
  );
  const count = (option: string): Promise<string> => text(page, `.bar-row[data-option="${option}"] .bar-count`);
  await eventually(
    'the bars',
    async () => Promise.all(['bev', 'phev', 'h2', 'ice'].map(count)),
    (v) => v.join() === '3,1,1,0',
  );
  await eventually(
    'the votes',
    () => text(page, '.ov-foot'),
    (v) => v === '5 votes · 3 countries',
  );
  const shot = await pixels(page);
  expect(shot.clear).toBe(1);
  expect(shot.painted).toBeGreaterThan(1000);
  await need(browsing, 'the browser').shot(page, 'overlay-poll.png');

  // A word cloud: its words as a short list, counted.
  okData(await op().send('poll:close', { pollId: 'next-drive' }));
  okData(await op().send('poll:open', { pollId: 'one-word' }));
  await page.locator('.ov-poll[data-poll="one-word"]').waitFor();
  const words = ['electric', 'safe', 'electric', 'quiet', 'electric'];
  await Promise.all(
    hall.map(async (c, i) => okData(await c.send('poll:vote', { pollId: 'one-word', text: words[i] ?? 'safe' }))),
  );
  await eventually(
    'the words',
    async () => {
      const [words, counts] = await Promise.all([
        attrs(page.locator('.ov-word'), 'data-word'),
        attrs(page.locator('.ov-word'), 'data-count'),
      ]);
      return words.map((word, i) => `${word}=${counts[i] ?? ''}`);
    },
    (v) => v.join() === 'electric=3,quiet=1,safe=1',
  );
  await need(browsing, 'the browser').shot(page, 'overlay-words.png');
  // Closed, its results stay on air (the last poll) until another opens.
  okData(await op().send('poll:close', { pollId: 'one-word' }));
  await page.locator('.ov-poll[data-poll="one-word"][data-status="closed"]').waitFor();

  // A ranking: each option's points (place i of five gets 5 - i: four votes in order, one reversed).
  okData(await op().send('poll:open', { pollId: 'feature-order' }));
  const order = ['safety', 'range', 'charging', 'connect', 'price'];
  await Promise.all(
    hall.map(async (c, i) =>
      okData(await c.send('poll:vote', { pollId: 'feature-order', ranking: i === 4 ? [...order].reverse() : order })),
    ),
  );
  const points = (option: string): Promise<string> =>
    text(page, `.ov-poll[data-poll="feature-order"] .rank-row[data-option="${option}"] .rank-points`);
  await eventually(
    'the points',
    async () => Promise.all(order.map(points)),
    (v) => v.join() === '21,18,15,12,9',
  );
  okData(await op().send('poll:close', { pollId: 'feature-order' }));

  // A rating whose results wait for the reveal: the count meanwhile, then the mean.
  okData(await op().send('poll:open', { pollId: 'feel-safe' }));
  await page.locator('.ov-poll[data-poll="feel-safe"] .ov-empty-line').waitFor();
  const stars = [5, 4, 4, 3, 5];
  await Promise.all(
    hall.map(async (c, i) => okData(await c.send('poll:vote', { pollId: 'feel-safe', value: stars[i] ?? 3 }))),
  );
  await eventually(
    'the count',
    () => text(page, '.ov-poll[data-poll="feel-safe"] .ov-foot'),
    (v) => v.startsWith('5 votes'),
  );
  await expect(page.locator('.ov-poll[data-poll="feel-safe"] .mean-value').count()).resolves.toBe(0);
  okData(await op().send('poll:close', { pollId: 'feel-safe' }));
  okData(await op().send('poll:reveal', { pollId: 'feel-safe' }));
  await eventually(
    'the mean',
    () => text(page, '.ov-poll[data-poll="feel-safe"] .mean-value'),
    (v) => v === '4.2',
  );
  await need(browsing, 'the browser').shot(page, 'overlay-rating.png');
  await page.context().close();
}, 30_000);

test('question: the featured question, another featured in its place, and nothing once none is', async () => {
  const page = await overlay('question');
  await page.locator('.ov-lower .scene-question').waitFor();
  await expect(text(page, '.question-text')).resolves.toBe(FEATURED);
  await expect(text(page, '.asker-name')).resolves.toBe('Lucía');
  const shot = await pixels(page);
  expect(shot.clear).toBe(1);
  expect(shot.painted).toBeGreaterThan(1000);
  await need(browsing, 'the browser').shot(page, 'overlay-question.png');

  const state = okData(await op().send('state:sync', {}));
  const lucia = state.questions.find((q) => q.text === FEATURED);
  const amara = state.questions.find((q) => q.author.name === 'Amara');
  if (!lucia || !amara) throw new Error('the demo forum is not seeded');
  okData(await op().send('qa:moderate', { questionId: lucia.id, action: 'unfeature' }));
  okData(await op().send('qa:moderate', { questionId: amara.id, action: 'feature' }));
  await page.locator(`.scene-question[data-question="${amara.id}"]`).waitFor();
  await expect(text(page, `.scene-question[data-question="${amara.id}"] .question-text`)).resolves.toBe(
    'How do crash tests account for heavier battery packs?',
  );
  okData(await op().send('qa:moderate', { questionId: amara.id, action: 'unfeature' }));
  await nothingOnAir(page);
  okData(await op().send('qa:moderate', { questionId: lucia.id, action: 'feature' }));
  await page.locator(`.scene-question[data-question="${lucia.id}"]`).waitFor();
  await page.context().close();
}, 30_000);

test('board: the crash challenge’s top rows, a new result moving a car to the top', async () => {
  // Six cars in the challenge (the demo's four and two more): the overlay shows the top five.
  for (const entry of [
    { id: 'mistral', name: 'Mistral', brand: 'Vento' },
    { id: 'tundra', name: 'Tundra', brand: 'Polar' },
  ])
    okData(await op().send('crash:entry', entry));
  const page = await overlay('board');
  const rows = page.locator('.ov-panel:not(.leaving) .scene-board .board-body .board-row');
  await rows.first().waitFor();
  const entries = (): Promise<string[]> => attrs(rows, 'data-entry');
  await eventually('the top five', entries, (v) => v.length === 5);
  await expect(entries()).resolves.toEqual(expect.arrayContaining(['aurora-ev', 'civita-h']));
  expect((await entries()).slice(0, 2)).toEqual(['aurora-ev', 'civita-h']);
  await expect(text(page, '.board-row[data-entry="aurora-ev"] .entry-name')).resolves.toBe('Aurora EV');
  okData(
    await op().send('crash:result', {
      id: 'r-kestrel-front',
      entryId: 'kestrel-x',
      test: 'frontal',
      score: 96,
      stars: 5,
    }),
  );
  await eventually(
    'the board',
    entries,
    (v) => v.slice(0, 3).join() === 'kestrel-x,aurora-ev,civita-h' && v.length === 5,
  );
  await eventually(
    'the top total',
    () => text(page, '.board-row[data-entry="kestrel-x"] .c-total'),
    (v) => v === '96',
  );
  const shot = await pixels(page);
  expect(shot.clear).toBe(1);
  await need(browsing, 'the browser').shot(page, 'overlay-board.png');
  await page.context().close();
}, 30_000);

test('quiz: the question with its countdown, the reveal with the answers and the top players, the podium', async () => {
  const page = await overlay('quiz');
  okData(await op().send('quiz:next', { quizId: 'summit-quiz' }));
  const scene = page.locator('.scene-quiz[data-phase="question"]');
  await scene.waitFor();
  await expect(text(page, '.quiz-big-q')).resolves.toBe('What does KOC stand for?');
  const first = Number(await text(page, '.quiz-clock-num'));
  expect(first).toBeGreaterThanOrEqual(10);
  expect(first).toBeLessThanOrEqual(20);
  // The countdown runs (on the server's clock).
  await eventually(
    'the countdown',
    async () => Number(await text(page, '.quiz-clock-num')),
    (n) => n < first,
    5000,
  );
  await need(browsing, 'the browser').shot(page, 'overlay-quiz-question.png');
  const picks = ['consumer', 'consumer', 'consumer', 'officer', 'consumer'];
  await Promise.all(
    hall.map(async (c, i) =>
      okData(await c.send('quiz:answer', { quizId: 'summit-quiz', questionId: 'koc', optionId: picks[i] ?? 'club' })),
    ),
  );
  okData(await op().send('quiz:reveal', { quizId: 'summit-quiz' }));
  const reveal = page.locator('.scene-quiz[data-phase="reveal"]');
  await reveal.waitFor();
  await expect(text(page, '.quiz-dist-row[data-option="consumer"] .quiz-dist-count')).resolves.toBe('4');
  await expect(text(page, '.quiz-dist-row[data-option="officer"] .quiz-dist-count')).resolves.toBe('1');
  await expect(text(page, '.quiz-dist-row[data-option="consumer"] .quiz-dist-mark')).resolves.toBe('✓ Correct');
  const people = await page.locator('.quiz-board-people .quiz-who').allTextContents();
  expect(people.slice(0, 4).sort()).toEqual(['Guest 1', 'Guest 2', 'Guest 3', 'Guest 5']);
  await expect(page.locator('.quiz-board-countries .quiz-rank-row').first().getAttribute('data-country')).resolves.toBe(
    'ES',
  );
  await need(browsing, 'the browser').shot(page, 'overlay-quiz-reveal.png');
  okData(await op().send('quiz:end', { quizId: 'summit-quiz' }));
  await page.locator('.scene-quiz[data-phase="ended"]').waitFor();
  await expect(page.locator('.quiz-podium-step').count()).resolves.toBe(3);
  const winner = await text(page, '.quiz-podium-step[data-place="1"] .quiz-podium-name');
  expect(['Guest 1', 'Guest 2', 'Guest 3', 'Guest 5']).toContain(winner);
  const shot = await pixels(page);
  expect(shot.clear).toBe(1);
  await need(browsing, 'the browser').shot(page, 'overlay-quiz-podium.png');
  await page.context().close();
}, 40_000);

test('in Arabic: right to left, the panel on the left, the words Arabic', async () => {
  const page = await overlay('board', '&lang=ar');
  await page.locator('.scene-board .board-row[data-entry]').first().waitFor();
  await expect(page.evaluate('[document.documentElement.dir, document.documentElement.lang]')).resolves.toEqual([
    'rtl',
    'ar',
  ]);
  await expect(text(page, '.scene-board .scene-title')).resolves.toBe('تحدي السلامة في اختبارات التصادم');
  const box = await page.locator('.ov-panel').boundingBox();
  expect(box?.x ?? 960).toBeLessThan(100);
  expect((box?.x ?? 960) + (box?.width ?? 0)).toBeLessThan(1020);
  // The video: the top right now.
  const shot = await pixels(page, { x: 1120, y: 0, width: 800, height: 540 });
  expect(shot.clear).toBe(1);
  await need(browsing, 'the browser').shot(page, 'overlay-board-ar.png');
  await page.context().close();
}, 30_000);
