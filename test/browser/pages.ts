// What the browser tests share: the web pages built, the app with the demo event, headless
// Chromium (Debian's, never a downloaded one) with every page's console watched, and waits that
// poll a condition with a bound instead of sleeping.
import { existsSync, mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/demo.seed.js';
import { run } from '../bench/build.js';
import { ROOT, withBuildLock } from '../support/build-lock.js';
import { connect, join, startApp, type Client, type TestApp } from '../support/app.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here (gitignored); docs/screenshot-*.png are copies picked by hand. */
export const SHOTS = joinPath(ROOT, 'test-output', 'browser');
export const PHONE = { width: 390, height: 844 };
/** A small phone: the narrowest the pages are laid out for. */
export const SMALL_PHONE = { width: 375, height: 812 };
export const HALL_SCREEN = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1440, height: 900 };

/** `npm run build:web`: web/src bundled into web/dist, which the app serves under /assets/. */
export async function buildPages(): Promise<void> {
  await withBuildLock(async () => {
    const out = await run(process.execPath, ['web/build.mjs'], 60_000);
    if (out.code !== 0) throw new Error(`web/build.mjs failed (${String(out.code)}):\n${out.stdout}\n${out.stderr}`);
  });
}

export interface DemoApp {
  app: TestApp;
  url: string;
  operatorToken: string;
  screenToken: string;
}

/** The app in embedded mode with the demo event seeded, as `npm start` runs it. */
export async function startDemo(): Promise<DemoApp> {
  const app = await startApp();
  const { operator, screen } = await seedDemo(app.app);
  return { app, url: app.url, operatorToken: operator, screenToken: screen };
}

/** People in the hall on their phones (plain socket.io clients): they make the numbers move. */
export async function crowd(url: string, eventId: string, countries: string[]): Promise<Client[]> {
  return Promise.all(
    countries.map(async (country, i) => {
      const joined = await join(url, eventId, { name: `Guest ${i + 1}`, country, locale: 'en' });
      return connect(url, joined.token);
    }),
  );
}

export interface PageOptions {
  viewport: { width: number; height: number };
  /** The browser's language (navigator.languages). */
  locale?: string;
  deviceScaleFactor?: number;
}

/** One headless Chromium for a test file; each page in a context of its own (its own storage). */
export class Browsing {
  private readonly problems: string[] = [];

  private constructor(private readonly browser: Browser) {}

  /** A fresh profile each time: playwright gives every launch a new temporary user-data-dir. */
  static async launch(): Promise<Browsing> {
    if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 60_000,
    });
    mkdirSync(SHOTS, { recursive: true });
    return new Browsing(browser);
  }

  /** Opens `url` in a new context; every console error and uncaught exception of the page is kept. */
  async open(name: string, url: string, options: PageOptions): Promise<Page> {
    const phone = options.viewport.width < 600;
    const context = await this.browser.newContext({
      viewport: options.viewport,
      // A phone's screen is dense (and its screenshot sharp); a laptop's and a hall screen's are not.
      deviceScaleFactor: options.deviceScaleFactor ?? (phone ? 2 : 1),
      locale: options.locale ?? 'en-US',
      isMobile: phone,
      hasTouch: phone,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Admission control on a busy machine: the page waits the Retry-After and joins again.
      if (message.text().includes('the server responded with a status of 429')) return;
      const where = message.location();
      // Engine.IO's long-polling request of a session the server already closed (a ping missed on a
      // busy machine): socket.io-client reconnects by itself; the page shows "reconnecting" meanwhile.
      if (message.text().includes('status of 400') && where.url.includes('/socket.io/')) return;
      this.problems.push(`${name}: console.error: ${message.text()} (${where.url}:${where.lineNumber})`);
    });
    page.on('pageerror', (error) => this.problems.push(`${name}: uncaught: ${error.stack ?? error.message}`));
    await page.goto(url);
    return page;
  }

  /** Every error any page logged so far (then forgotten, so each test answers for its own). */
  takeErrors(): string[] {
    return this.problems.splice(0);
  }

  async shot(page: Page, file: string): Promise<void> {
    await page.screenshot({ path: joinPath(SHOTS, file), animations: 'disabled' });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * Resolves with `probe()`'s value once `ok` holds for it, probing every 100 ms; rejects after
 * `timeoutMs` with the last value seen.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Waits for the page's connection status to say it is live (audience, operator and screen alike). */
export async function live(page: Page): Promise<void> {
  await page.locator('.status[data-status="live"]').first().waitFor({ state: 'attached' });
}

/** The width of a bar, in percent, from its inline style (`width: 40%`). */
export async function barWidth(page: Page, selector: string): Promise<number> {
  const style = (await page.locator(selector).getAttribute('style')) ?? '';
  const match = /width:\s*([\d.]+)%/.exec(style);
  return match ? Number(match[1]) : NaN;
}

/** Joins through the form of the audience page (a KOC invite comes from the link), until it is live. */
export async function joinAs(page: Page, name: string, country: string): Promise<void> {
  await page.locator('#join-name').fill(name);
  await page.locator('#join-country').selectOption(country);
  await page.locator('.join-submit').click();
  await page.locator('#tab-keynote').waitFor();
  await live(page);
}
