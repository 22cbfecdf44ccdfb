import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers.js';
import { INJECTED_QUESTION, PERIOD_ARGS, periodDay, runReport, SEEDED, seedDatabase } from './support.js';

// The --html page opened in a real browser: Debian's Chromium, driven by playwright-core. On a machine
// without it the test is skipped with the reason in its name; under CI (CI=true) it fails instead, since
// .ci/run installs Chromium and a silent skip would hide that the page was never opened.

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const haveChromium = existsSync(CHROMIUM);
const underCi = Boolean(process.env.CI);
const title = haveChromium
  ? 'the report page in Chromium'
  : `the report page in Chromium (SKIPPED: ${CHROMIUM} not found; install it with apt-get install chromium)`;

/** Screenshots to look at by eye after a run. */
const SCREENSHOT = '/tmp/guidance-bot-report.png';
const SCREENSHOT_320 = '/tmp/guidance-bot-report-320.png';

interface Loaded {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  failedRequests: string[];
}

describe.skipIf(!haveChromium && !underCi)(title, () => {
  let browser: Browser;
  let pageUrl: string;
  let text: string;

  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(
        `${CHROMIUM} is missing, so the report page cannot be opened in a browser. Under CI this test does not ` +
          "skip: .ci/run installs Debian's chromium with apt-get when it is missing; see why that failed above.",
      );
    }
    const database = await seedDatabase({ storeQuestions: true });
    const file = join(makeTempDir(), 'report.html');
    const run = runReport([...PERIOD_ARGS, '--html', file], { DATABASE_FILE: database, STORE_QUESTIONS: 'true' });
    expect(run.status).toBe(0);
    text = run.stdout;
    pageUrl = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number): Promise<Loaded> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const loaded: Loaded = { page, consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
    page.on('console', (message) => {
      // A blocked style or a Content-Security-Policy violation is reported as an error or a warning.
      if (message.type() === 'error' || message.type() === 'warning') loaded.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => loaded.pageErrors.push(error.message));
    page.on('request', (request) => loaded.requests.push(request.url()));
    page.on('requestfailed', (request) => loaded.failedRequests.push(request.url()));
    await page.goto(pageUrl, { waitUntil: 'load' });
    return loaded;
  }

  /** The text of each cell of a table's body rows (row headers included), whitespace tidied. */
  async function tableRows(page: Page, caption: string): Promise<string[][]> {
    const table = page.locator('table').filter({ has: page.getByText(caption, { exact: true }) });
    expect(await table.count()).toBe(1);
    const rows: string[][] = [];
    for (const row of await table.locator('tbody tr').all()) {
      const cells = await row.locator('th, td').allTextContents();
      rows.push(cells.map((cell) => cell.replace(/\s+/g, ' ').trim()));
    }
    return rows;
  }

  it('loads with no console error, no page error, and no request but the page itself', async () => {
    const { page, consoleErrors, pageErrors, requests, failedRequests } = await open(1000);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
    expect(failedRequests).toEqual([]);
    // The style sheet applied: its hash is in the Content-Security-Policy, which would block it otherwise.
    // At 1000 px the body (960 px and 16 px padding each side) is centred: (1000 - 992) / 2 + 16 = 20.
    // Without the style sheet the browser's 8 px margin would put it at 8.
    expect((await page.locator('main').boundingBox())?.x).toBe(20);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.context().close();
  });

  it('draws one bar per day, per principle and per passage with feedback', async () => {
    const { page } = await open(1000);
    const bars = (chart: string) => page.locator(`svg#chart-${chart} g.bar`).count();
    expect(await bars('days')).toBe(7);
    expect(await bars('principles')).toBe(Object.keys(SEEDED.byPrinciple).length);
    expect(await bars('feedback')).toBe(Object.keys(SEEDED.feedback).length);
    // Bar heights follow the figures: the busiest day (4) is full height, the last day 1 + 2 of 4.
    const heights: number[][] = [];
    for (const bar of await page.locator('svg#chart-days g.bar').all()) {
      const rects = await bar.locator('rect').all();
      heights.push(await Promise.all(rects.map(async (rect) => Number(await rect.getAttribute('height')))));
    }
    expect(heights).toEqual([[80], [40], [], [160], [], [], [40, 80]]);
    for (const chart of ['days', 'principles', 'feedback']) {
      const svg = page.locator(`svg#chart-${chart}`);
      expect(await svg.getAttribute('role')).toBe('img');
      const labels = (await svg.getAttribute('aria-labelledby'))?.split(' ') ?? [];
      expect(labels).toHaveLength(2);
      for (const id of labels) expect((await page.locator(`[id="${id}"]`).textContent())?.length).toBeGreaterThan(10);
    }
    await page.context().close();
  });

  it('shows in its tables the seeded figures, the same as the text report', async () => {
    const { page } = await open(1000);
    expect(await tableRows(page, 'Questions per day')).toEqual(
      SEEDED.days.map(([answered, declined], day) => [periodDay(day), String(answered), String(declined)]),
    );
    const principles = await tableRows(page, 'Answered per principle');
    expect(principles).toEqual([
      ['1. Listen before you join in', String(SEEDED.byPrinciple['listen-first'])],
      ['2. Speak carefully on official accounts', String(SEEDED.byPrinciple['speak-carefully'])],
      ['retired-principle (no longer in the knowledge)', String(SEEDED.byPrinciple['retired-principle'])],
    ]);
    const feedback = await tableRows(page, 'Feedback per passage');
    expect(
      Object.fromEntries(feedback.map(([passage, helpful, notHelpful]) => [passage, [helpful, notHelpful]])),
    ).toEqual({
      'no-arguments Fixture Guide to Online Conduct, Replies': ['1', '3'],
      'listen-hashtags Fixture Guide to Online Conduct, Listening': ['4', '0'],
      'retired-passage (no longer in the knowledge)': ['0', '2'],
      'official-account-tone Fixture Guide to Online Conduct, Posting': ['1', '1'],
    });
    const mostNotHelpful = await tableRows(page, 'Passages most often marked not helpful');
    expect(mostNotHelpful.map(([rank, passage, of, share]) => [rank, passage?.split(' ')[0], of, share])).toEqual([
      ['1', 'no-arguments', '3 of 4', '75%'],
      ['2', 'retired-passage', '2 of 2', '100%'],
      ['3', 'official-account-tone', '1 of 2', '50%'],
    ]);
    const totals = await page.locator('ul.totals li').allTextContents();
    expect(totals.map((total) => total.replace(/\s+/g, ' ').trim())).toEqual([
      `${SEEDED.answered} answered`,
      `${SEEDED.declined} declined (30% of 10)`,
    ]);

    // The text report says the same.
    expect(text).toContain(`  Answered  ${SEEDED.answered}\n  Declined  ${SEEDED.declined}  (30% of 10)\n`);
    for (const [label, answered] of principles)
      expect(text).toMatch(new RegExp(`\\n  ${literal(label)} +${answered}\\n`));
    for (const [rank, passage, of, share] of mostNotHelpful) {
      const id = passage?.split(' ')[0] ?? '';
      expect(text).toMatch(new RegExp(`\\n  ${rank}\\. ${literal(id)} +${of} +${share} not helpful\\n`));
    }
    await page.context().close();
  });

  it('shows stored question text as text: no element comes from it', async () => {
    const { page } = await open(1000);
    expect(await page.locator('img, script, iframe, object, embed, svg image').count()).toBe(0);
    const questions = await page.locator('#declined-questions .question').allTextContents();
    expect(questions).toEqual(SEEDED.declinedQuestions.map((question) => question.replace('\u001b', '\ufffd')));
    expect(questions[0]).toBe(INJECTED_QUESTION);
    await page.context().close();
  });

  it('fits a 320 px wide screen without sideways scrolling', async () => {
    const { page } = await open(320);
    expect(await page.locator('html').evaluate((root) => root.scrollWidth)).toBeLessThanOrEqual(320);
    const overflowing = await page
      .locator('.table-wrap')
      .evaluateAll((wraps) => wraps.filter((wrap) => wrap.scrollWidth > wrap.clientWidth).length);
    expect(overflowing).toBe(0);
    await page.screenshot({ path: SCREENSHOT_320, fullPage: true });
    await page.context().close();
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
