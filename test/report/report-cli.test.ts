import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../adapters/store/index.js';
import { makeTempDir } from '../helpers.js';
import {
  ESCAPING_QUESTION,
  INJECTED_QUESTION,
  PERIOD,
  PERIOD_ARGS,
  periodDay,
  runReport,
  SEEDED,
  seedDatabase,
} from './support.js';

// These run the compiled report CLI, dist/adapters/operator/report.js, as `npm run report` does, against real
// SQLite files seeded in a temp folder (see ./support.ts for what each holds).

const ALL_QUESTION_TEXT = [...SEEDED.declinedQuestions, SEEDED.answeredQuestion, ...SEEDED.outsideQuestions];
const PRIVACY_LINE = 'Question text is not stored (the privacy default), so no questions are listed.';

let withText: string;
let countsOnly: string;
beforeAll(async () => {
  withText = await seedDatabase({ storeQuestions: true });
  countsOnly = await seedDatabase({ storeQuestions: false });
});

describe('npm run report', () => {
  it('prints the exact figures of the period, and the declined questions when their text is stored', () => {
    const { status, stdout, stderr } = runReport(PERIOD_ARGS, { DATABASE_FILE: withText, STORE_QUESTIONS: 'true' });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        `guidance-bot report: ${PERIOD.from} to ${PERIOD.to} (7 days, UTC)`,
        '',
        'Questions',
        '  Answered  7',
        '  Declined  3  (30% of 10)',
        '',
        'Questions per day (days with none left out)',
        `  ${periodDay(0)}  2 answered  0 declined`,
        `  ${periodDay(1)}  0 answered  1 declined`,
        `  ${periodDay(3)}  4 answered  0 declined`,
        `  ${periodDay(6)}  1 answered  2 declined`,
        '',
        'Answered per principle',
        '  1. Listen before you join in                    3',
        '  2. Speak carefully on official accounts         3',
        '  retired-principle (no longer in the knowledge)  1',
        '',
        'Feedback per passage, the most feedback first',
        '  Passage                Helpful  Not helpful  Source',
        '  no-arguments                 1            3  Fixture Guide to Online Conduct, Replies',
        '  listen-hashtags              4            0  Fixture Guide to Online Conduct, Listening',
        '  retired-passage              0            2  (no longer in the knowledge)',
        '  official-account-tone        1            1  Fixture Guide to Online Conduct, Posting',
        '',
        'Most often marked not helpful',
        '  1. no-arguments           3 of 4   75% not helpful',
        '  2. retired-passage        2 of 2  100% not helpful',
        '  3. official-account-tone  1 of 2   50% not helpful',
        '',
        'Declined questions, newest first (gaps in the guidance?)',
        `  ${periodDay(6)} 23:59 UTC  slack  “<img src=x onerror=alert(1)>”`,
        `  ${periodDay(6)} 15:05 UTC  slack  “bake off recipes\\u001b[31m Answered  999”`,
        `  ${periodDay(1)} 11:30 UTC  teams  “any good recipes for the bake off?”`,
        '',
      ].join('\n'),
    );
    // A stored question cannot reach the terminal with its escape sequence, nor start a line of its own.
    expect(stdout).not.toContain('\u001b');
    expect(stdout.split('\n').filter((line) => line.includes('999'))).toHaveLength(1);
  });

  it('counts only the days of the period: the days around it hold other figures', () => {
    const after = runReport(['--from', periodDay(7), '--to', periodDay(7)], {
      DATABASE_FILE: withText,
      STORE_QUESTIONS: 'true',
    });
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(`guidance-bot report: ${periodDay(7)} to ${periodDay(7)} (1 day, UTC)`);
    expect(after.stdout).toContain('  Answered  5\n  Declined  1  (17% of 6)\n');
    expect(after.stdout).toContain('  1. outside-only     6 of 6  100% not helpful\n');
    expect(after.stdout).toContain('  2. listen-hashtags  5 of 5  100% not helpful\n');
    expect(after.stdout).toContain(`“${SEEDED.outsideQuestions[1]}”`);
    expect(after.stdout).not.toContain(SEEDED.outsideQuestions[0]);

    const inside = runReport(PERIOD_ARGS, { DATABASE_FILE: withText, STORE_QUESTIONS: 'true' }).stdout;
    expect(inside).not.toContain('outside');
  });

  it('--days N is the N days up to --to, and by default the report covers the last 30 days up to today', () => {
    const env = { DATABASE_FILE: withText, STORE_QUESTIONS: 'true' };
    const byDays = runReport(['--days', '7', '--to', PERIOD.to], env);
    expect(byDays.status).toBe(0);
    expect(byDays.stdout).toBe(runReport(PERIOD_ARGS, env).stdout);

    const today = new Date().toISOString().slice(0, 10);
    const thirtyDaysAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const byDefault = runReport([], env);
    expect(byDefault.status).toBe(0);
    expect(byDefault.stdout).toContain(`guidance-bot report: ${thirtyDaysAgo} to ${today} (30 days, UTC)`);
    // Everything seeded lies within the last 30 days: the period, and the day on each side of it.
    expect(byDefault.stdout).toContain('  Answered  17\n  Declined   5  (23% of 22)\n');
  });

  it('shows no question text when STORE_QUESTIONS was off, even though the bot passed the text', () => {
    const html = join(makeTempDir(), 'report.html');
    const { status, stdout } = runReport([...PERIOD_ARGS, '--html', html], { DATABASE_FILE: countsOnly });
    expect(status).toBe(0);
    expect(stdout).toContain('  Answered  7\n  Declined  3  (30% of 10)\n');
    expect(stdout).toContain(PRIVACY_LINE);
    expect(stdout).toContain('run the bot with STORE_QUESTIONS=true');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(PRIVACY_LINE);
    for (const text of ALL_QUESTION_TEXT) {
      expect(stdout).not.toContain(text);
      expect(page).not.toContain(text);
    }
    expect(page).not.toContain('recipes');
  });

  it('shows no question text when the report is run with STORE_QUESTIONS off, though text was stored', async () => {
    const file = await seedDatabase({ storeQuestions: true });
    const { status, stdout } = runReport(PERIOD_ARGS, { DATABASE_FILE: file });
    expect(status).toBe(0);
    expect(stdout).toContain(PRIVACY_LINE);
    for (const text of ALL_QUESTION_TEXT) expect(stdout).not.toContain(text);
  });

  it('lists no question text older than QUESTION_RETENTION_DAYS, and says why fewer are listed than counted', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    const store = openSqliteStore({ file, storeQuestions: true });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await store.usage.record({ platform: 'slack', outcome: 'declined', text: 'asked 40 days ago', at: daysAgo(40) });
    await store.usage.record({ platform: 'slack', outcome: 'declined', text: 'asked 5 days ago', at: daysAgo(5) });
    await store.close();

    const env = { DATABASE_FILE: file, STORE_QUESTIONS: 'true', QUESTION_RETENTION_DAYS: '30' };
    const { status, stdout } = runReport(['--days', '60'], env);
    expect(status).toBe(0);
    expect(stdout).toContain('  Declined  2  (100% of 2)\n');
    expect(stdout).toContain('“asked 5 days ago”');
    expect(stdout).not.toContain('asked 40 days ago');
    expect(stdout).toContain('1 of the 2 declined questions are listed');
  });

  it('--html writes the page with the question text escaped, and nothing it would fetch', () => {
    const html = join(makeTempDir(), 'report.html');
    const { status, stderr } = runReport([...PERIOD_ARGS, '--html', html], {
      DATABASE_FILE: withText,
      STORE_QUESTIONS: 'true',
    });
    expect(status).toBe(0);
    expect(stderr).toBe(`report: wrote the page to ${html}\n`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain(INJECTED_QUESTION);
    expect(page).not.toMatch(
      /<(img|script|link|iframe|object|embed|image|use)\b|<[^>]*\s(src|href|xlink:href)=|url\(|@import/i,
    );
    expect(page).toContain('bake off recipes\ufffd[31m\nAnswered  999');
    expect(page).not.toContain('\u001b');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src/);
    expect(ESCAPING_QUESTION).toContain('\u001b');
  });

  it('charts the 25 passages with the most feedback, and lists every one in the table', async () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    const store = openSqliteStore({ file });
    for (let passage = 1; passage <= 30; passage++) {
      for (let i = 0; i < passage; i++) await store.feedback.record(`passage-${passage}`, 'not-helpful');
    }
    await store.close();
    const html = join(makeTempDir(), 'report.html');
    const { status, stdout } = runReport(['--html', html], { DATABASE_FILE: file });
    expect(status).toBe(0);
    expect(stdout.match(/^ {2}passage-\d+ /gm)).toHaveLength(30);
    const page = readFileSync(html, 'utf8');
    const chart = page.slice(page.indexOf('<svg class="chart" id="chart-feedback"'));
    const bars = chart.slice(0, chart.indexOf('</svg>')).match(/<g class="bar"><title>passage-(\d+):/g) ?? [];
    expect(bars.map((bar) => Number(/(\d+):$/.exec(bar)?.[1]))).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    expect(page).toContain('The 25 passages with the most feedback; the table lists all 30.');
    const table = page.slice(page.indexOf('<caption>Feedback per passage</caption>'));
    expect(table.slice(0, table.indexOf('</table>')).match(/<tr><th scope="row">passage-/g)).toHaveLength(30);
  });

  it('says there is no data yet when the database does not exist, creates nothing, and exits 1', () => {
    const folder = join(makeTempDir(), 'not-made');
    const file = join(folder, 'guidance-bot.sqlite');
    const html = join(makeTempDir(), 'report.html');
    const { status, stdout, stderr } = runReport(['--html', html], { DATABASE_FILE: file });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`report: no data yet: there is no database at ${file}.`);
    expect(stderr).toContain('DATABASE_FILE');
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(html)).toBe(false);
  });

  it('refuses a file that is not a database with the reason, leaves it as it was, and exits 1', () => {
    const file = join(makeTempDir(), 'guidance-bot.sqlite');
    writeFileSync(file, 'not a database at all, just text that happens to be here\n'.repeat(100));
    const before = readFileSync(file);
    const { status, stdout, stderr } = runReport(PERIOD_ARGS, { DATABASE_FILE: file });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`guidance-bot: the database ${file} is not a database or is damaged`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.each([
    [['--from', '2026-02-30', '--to', '2026-03-01'], '--from must be a day written YYYY-MM-DD'],
    [['--to', '31/03/2026'], '--to must be a day written YYYY-MM-DD'],
    [['--from', '2026-03-02', '--to', '2026-03-01'], 'the period starts (2026-03-02) after it ends (2026-03-01)'],
    [['--days', '0'], '--days must be a whole number from 1 to 366'],
    [['--days', 'seven'], '--days must be a whole number from 1 to 366'],
    [['--days', '400'], '--days must be a whole number from 1 to 366'],
    [['--from', '2024-01-01', '--to', '2026-01-01'], 'the period has 732 days; a report covers at most 366'],
    [['--from', '2026-03-01', '--days', '3'], 'give --from or --days, not both'],
    [['--html'], "Option '--html <value>' argument missing"],
    [['--html', ' '], '--html needs a file name'],
    [['--weeks', '2'], "Unknown option '--weeks'"],
    [['last-month'], "Unexpected argument 'last-month'"],
  ])('exits 2 with a clear message for bad arguments: %j', (args, message) => {
    const { status, stdout, stderr } = runReport(args, { DATABASE_FILE: withText });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: npm run report -- [options]');
  });

  it('--help prints the usage and exits 0', () => {
    const { status, stdout } = runReport(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: npm run report -- [options]');
    expect(stdout).toContain('--html FILE');
  });
});
