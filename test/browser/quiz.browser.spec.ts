// The quiz in the three pages, in headless Chromium against the real app (the demo event): the
// operator composes and runs a quiz on a laptop, Ana plays it on a 375-px phone by keyboard only,
// six people in the hall play over plain sockets, and the big screen shows the question, the
// answers at each reveal, the boards and the podium.
import type { Locator, Page } from 'playwright-core';
import { DEMO_EVENT } from '../../src/demo/demo.seed.js';
import { connect, type Client } from '../support/app.js';
import { okData } from '../e2e/helpers.js';
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

/** The hall: two more from Spain (Ana makes three), three from Germany, one from Brazil. */
const HALL = ['ES', 'ES', 'DE', 'DE', 'DE', 'BR'];
/** What the hall answers: question 1's right option is b, question 2's is a. */
const FIRST = ['b', 'b', 'b', 'a', 'c', 'b'];
const SECOND = ['a', 'b', 'b', 'a', 'b', 'b'];

let demo: DemoApp | null = null;
let browsing: Browsing | null = null;
let hall: Client[] = [];
let audience: Page;
let operator: Page;
let screen: Page;

function browser(): Browsing {
  if (!browsing) throw new Error('the browser is not started');
  return browsing;
}

/** The hall answers the running question (the quiz and question ids from the broadcast each got). */
async function hallAnswers(index: number, picks: string[]): Promise<void> {
  await Promise.all(
    hall.map(async (client, i) => {
      const q = await client.waitFor('quiz:question', (m) => m.index === index, 15_000);
      okData(
        await client.send('quiz:answer', { quizId: q.quizId, questionId: q.question.id, optionId: picks[i] ?? 'a' }),
      );
    }),
  );
}

/** Fills one option of a question block of the composer. */
async function option(block: Locator, n: number, label: string, correct = false): Promise<void> {
  const row = block.locator('.quiz-option-row').nth(n);
  await row.locator('input.lang-en').fill(label);
  if (correct) await row.locator('.quiz-correct input').check();
}

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent())?.trim() ?? '';
}

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
  hall = await crowd(url, DEMO_EVENT, HALL);
}, 240_000);

afterEach(() => {
  if (browsing) expect(browsing.takeErrors()).toEqual([]);
});

afterAll(async () => {
  for (const client of hall.splice(0)) client.close();
  await browsing?.close();
  await demo?.app.close();
});

test('a quiz composed on the console, played by keyboard on a phone, revealed on the screen, to the podium', async () => {
  const shots = browser();
  // The operator composes two questions, speed off (the accessible choice: points do not depend on time).
  await operator.locator('#tab-quiz').click();
  const composer = operator.locator('form.quiz-composer');
  await composer.getByPlaceholder('Quiz title in English (required)').fill('Keyboard quiz');
  const first = composer.locator('.quiz-question-block').nth(0);
  await first.getByPlaceholder('Question in English (required)').fill('Where does the summit take place?');
  await first.getByRole('button', { name: '+ Option' }).click();
  await option(first, 0, 'Lisbon');
  await option(first, 1, 'Shanghai', true);
  await option(first, 2, 'Madrid');
  await first.getByLabel('Seconds to answer (5–120)').fill('120');
  await composer.getByRole('button', { name: '+ Question' }).click();
  const second = composer.locator('.quiz-question-block').nth(1);
  await second.getByPlaceholder('Question in English (required)').fill('How many stars is the top crash rating?');
  await option(second, 0, 'Five', true);
  await option(second, 1, 'Ten');
  await second.getByLabel('Seconds to answer (5–120)').fill('120');
  await composer.getByLabel('Speed: faster right answers score more').uncheck();
  await composer.getByRole('button', { name: 'Create quiz (draft)' }).click();
  const card = operator.locator('article.quiz-card', { hasText: 'Keyboard quiz' });
  await card.locator('.chip', { hasText: 'Speed off' }).waitFor();
  await expect(text(card.locator('.chip').first())).resolves.toBe('Draft');

  // Start: the first question runs on the phone and on the screen, each with its countdown.
  await card.getByRole('button', { name: 'Start: first question' }).click();
  const quiz = audience.locator('#panel-keynote section.quiz[data-phase="question"]');
  await quiz.waitFor();
  await expect(text(quiz.locator('.quiz-q'))).resolves.toBe('Where does the summit take place?');
  await expect(text(quiz.locator('.quiz-step'))).resolves.toBe('Question 1 of 2');
  await expect(text(quiz.locator('.quiz-clock'))).resolves.toMatch(/^\d+$/);
  const scene = screen.locator('.scene-quiz[data-phase="question"]');
  await scene.waitFor();
  await expect(text(scene.locator('.quiz-big-q'))).resolves.toBe('Where does the summit take place?');
  await expect(scene.locator('.quiz-choice').count()).resolves.toBe(3);

  // The phone at 375 px: big buttons, nothing wider than the screen.
  const buttons = quiz.locator('button.quiz-option');
  await expect(buttons.count()).resolves.toBe(3);
  for (const box of await Promise.all([0, 1, 2].map((i) => buttons.nth(i).boundingBox())))
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
  await expect(audience.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);

  // Ana answers by keyboard only: the focus on Shanghai, Enter. Locked in, once.
  const shanghai = quiz.locator('button.quiz-option[data-option="b"]');
  await shanghai.focus();
  await audience.keyboard.press('Enter');
  await quiz.locator('.quiz-status.locked', { hasText: 'Locked in: Shanghai' }).waitFor();
  await expect(shanghai.getAttribute('aria-pressed')).resolves.toBe('true');
  await expect(quiz.locator('button.quiz-option[data-option="a"]').getAttribute('aria-disabled')).resolves.toBe('true');
  await shots.shot(audience, 'quiz-phone-locked.png');

  // A reload comes back as Ana, locked in (the snapshot's myQuiz).
  await audience.reload();
  await live(audience);
  await quiz.locator('.quiz-status.locked', { hasText: 'Locked in: Shanghai' }).waitFor();

  // The hall answers; the console counts every answer.
  await hallAnswers(0, FIRST);
  await card.locator('.quiz-run-answered', { hasText: '7 answered' }).waitFor();
  await shots.shot(screen, 'quiz-screen-question.png');

  // Reveal: Ana's result, total, rank, streak and Spain's place; the screen's bars, top ten and countries.
  await card.getByRole('button', { name: 'Reveal the answer' }).click();
  const revealed = audience.locator('#panel-keynote section.quiz[data-phase="reveal"]');
  await revealed.locator('.quiz-outcome[data-result="right"]', { hasText: 'Right! +1,000 points' }).waitFor();
  await expect(text(revealed.locator('.quiz-stats .stat').nth(0).locator('.big'))).resolves.toBe('1,000');
  await expect(text(revealed.locator('.quiz-stats .stat').nth(1).locator('.big'))).resolves.toMatch(/^#[1-5]$/);
  await expect(text(revealed.locator('.quiz-stats .stat').nth(2).locator('.big'))).resolves.toBe('1');
  await expect(text(revealed.locator('.quiz-country'))).resolves.toBe('Spain is #1 of the countries (3 players).');
  // The right option is said in words, not only in colour.
  await expect(text(revealed.locator('button.quiz-option[data-option="b"] .quiz-mark'))).resolves.toBe(
    '✓ Correct answer · Your answer',
  );
  const reveal = screen.locator('.scene-quiz[data-phase="reveal"]');
  await reveal.waitFor();
  const right = reveal.locator('.quiz-dist-row[data-option="b"]');
  await expect(right.getAttribute('class')).resolves.toContain('correct');
  await expect(text(right.locator('.quiz-dist-mark'))).resolves.toBe('✓ Correct');
  await expect(text(right.locator('.quiz-dist-count'))).resolves.toBe('5');
  await expect(text(reveal.locator('.quiz-dist-row[data-option="a"] .quiz-dist-count'))).resolves.toBe('1');
  await expect(reveal.locator('.quiz-dist-row[data-option="a"] .quiz-dist-mark').count()).resolves.toBe(0);
  await reveal.locator('.quiz-board-people .quiz-who', { hasText: 'Ana' }).waitFor();
  const countries = reveal.locator('.quiz-board-countries .quiz-rank-row');
  await expect(countries.count()).resolves.toBe(2);
  await expect(countries.nth(0).getAttribute('data-country')).resolves.toBe('ES');
  await expect(countries.nth(1).getAttribute('data-country')).resolves.toBe('DE');
  await card.locator('.quiz-boards .quiz-countries .quiz-rank-row[data-country="ES"]').waitFor();
  await shots.shot(screen, 'quiz-screen-reveal.png');
  await card.scrollIntoViewIfNeeded();
  await shots.shot(operator, 'quiz-console-reveal.png');
  await shots.shot(audience, 'quiz-phone-reveal.png');

  // The second question: Ana picks Ten with the space bar, and learns it was wrong; her streak ends.
  await card.getByRole('button', { name: 'Next question' }).click();
  const second2 = audience.locator('#panel-keynote section.quiz[data-phase="question"]');
  await second2.locator('.quiz-step', { hasText: 'Question 2 of 2' }).waitFor();
  const ten = second2.locator('button.quiz-option[data-option="b"]');
  await ten.focus();
  await audience.keyboard.press('Space');
  await second2.locator('.quiz-status.locked', { hasText: 'Locked in: Ten' }).waitFor();
  await hallAnswers(1, SECOND);
  await card.locator('.quiz-run-answered', { hasText: '7 answered' }).waitFor();
  await card.getByRole('button', { name: 'Reveal the answer' }).click();
  const wrong = audience.locator('#panel-keynote section.quiz[data-phase="reveal"]');
  await wrong.locator('.quiz-outcome[data-result="wrong"]', { hasText: 'Not this time' }).waitFor();
  // "Wrong" shows from the reveal itself; the streak comes with Ana's own result (quiz:me), just after.
  await eventually(
    'the streak ends with the wrong answer',
    () => text(wrong.locator('.quiz-stats .stat').nth(2).locator('.big')),
    (s) => s === '0',
  );
  await expect(text(wrong.locator('button.quiz-option[data-option="a"] .quiz-mark'))).resolves.toBe('✓ Correct answer');
  await expect(text(wrong.locator('button.quiz-option[data-option="b"] .quiz-mark'))).resolves.toBe('Your answer');
  await card.locator('.quiz-run-note', { hasText: 'That was the last question' }).waitFor();

  // End (two clicks): the podium on the screen, Guest 1 on top (1,000 + 1,100 with the streak).
  const end = card.getByRole('button', { name: 'End the quiz' });
  await end.click();
  await card.getByRole('button', { name: 'Click again to end it' }).click();
  const podium = screen.locator('.scene-quiz[data-phase="ended"] .quiz-podium');
  await podium.waitFor();
  await expect(podium.locator('.quiz-podium-step').count()).resolves.toBe(3);
  await expect(text(podium.locator('.quiz-podium-step[data-place="1"] .quiz-podium-name'))).resolves.toBe('Guest 1');
  await expect(text(podium.locator('.quiz-podium-step[data-place="1"] .quiz-podium-pts'))).resolves.toBe('2,100 pts');
  await screen.locator('.scene-quiz[data-phase="ended"] .quiz-board-countries .quiz-rank-row').first().waitFor();
  await audience
    .locator('#panel-keynote section.quiz[data-phase="ended"] .quiz-outcome', { hasText: 'Quiz over!' })
    .waitFor();
  await shots.shot(screen, 'quiz-screen-podium.png');
  await eventually(
    'the console shows the quiz ended',
    () => text(card.locator('.chip').first()),
    (s) => s === 'Ended',
  );
}, 120_000);

test('the quiz card reads right to left in Arabic', async () => {
  await audience.locator('.locale-switch').selectOption('ar');
  const quiz = audience.locator('#panel-keynote section.quiz');
  await quiz.locator('.quiz-chip', { hasText: 'مسابقة' }).waitFor();
  await expect(audience.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  await expect(
    audience.evaluate("getComputedStyle(document.querySelector('#panel-keynote section.quiz')).direction"),
  ).resolves.toBe('rtl');
  await expect(text(quiz.locator('.quiz-outcome'))).resolves.toContain('انتهت المسابقة');
  await expect(audience.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
  await browser().shot(audience, 'quiz-phone-ar.png');
  await audience.locator('.locale-switch').selectOption('en');
});

test('a phone whose clock is an hour off counts down on the server’s clock, and an answer too late is refused clearly', async () => {
  const { url, operatorToken } = demo ?? { url: '', operatorToken: '' };
  const backstage = await connect(url, operatorToken);
  // Bo's phone believes it is an hour later than it is.
  const phone = await browser().open('late phone', 'about:blank', { viewport: SMALL_PHONE });
  await phone.clock.install({ time: Date.now() + 3_600_000 });
  await phone.goto(`${url}/e/${DEMO_EVENT}`);
  await joinAs(phone, 'Bo', 'DE');
  try {
    const created = okData(
      await backstage.send('quiz:create', {
        title: { en: 'Five seconds' },
        scoring: { basePoints: 1000, speed: false, streak: false },
        questions: [
          {
            id: 'fast',
            text: { en: 'Quick: which planet is red?' },
            options: [
              { id: 'a', label: { en: 'Mars' } },
              { id: 'b', label: { en: 'Venus' } },
            ],
            timeLimitMs: 5000,
            correct: ['a'],
          },
        ],
      }),
    );
    okData(await backstage.send('quiz:next', { quizId: created.id }));
    // The question runs on the phone, the clock within its five seconds (not closed an hour ago).
    const quiz = phone.locator('#panel-keynote section.quiz[data-phase="question"]');
    await quiz.waitFor();
    await expect(text(quiz.locator('.quiz-clock'))).resolves.toMatch(/^[1-5]$/);
    // The phone's time stops (a phone asleep); the server closes the question at its deadline.
    // Its clock runs on while it is asked the time: pause a moment ahead, and ask again if a slow
    // round trip let that moment pass (pauseAt refuses a time behind the clock).
    for (let tries = 1; ; tries++) {
      const at = Number(await phone.evaluate('Date.now()')) + 100;
      const paused = await phone.clock.pauseAt(at).then(
        () => true,
        (err: unknown) => {
          if (tries >= 5 || !String(err).includes('to the past')) throw err;
          return false;
        },
      );
      if (paused) break;
    }
    await backstage.waitFor('quiz:closed', (m) => m.quizId === created.id, 15_000);
    // Bo answers on the stale picture: too late, said in words where the answer was.
    const mars = quiz.locator('button.quiz-option[data-option="a"]');
    await mars.focus();
    await phone.keyboard.press('Enter');
    const card = phone.locator('#panel-keynote section.quiz');
    await card.locator('.quiz-error', { hasText: 'Too late: this question is closed.' }).waitFor();
    await expect(card.locator('.quiz-error').getAttribute('role')).resolves.toBe('alert');
    await phone.clock.resume();
    await phone
      .locator('#panel-keynote section.quiz[data-phase="closed"] .quiz-status', { hasText: 'Time’s up!' })
      .waitFor();
    okData(await backstage.send('quiz:reveal', { quizId: created.id }));
    await phone
      .locator('#panel-keynote section.quiz[data-phase="reveal"] .quiz-outcome[data-result="none"]', {
        hasText: 'You did not answer this one.',
      })
      .waitFor();
    okData(await backstage.send('quiz:end', { quizId: created.id }));
  } finally {
    backstage.close();
    await phone.context().close();
  }
}, 60_000);
