import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Core, Period, Store, UsageReport } from '../../src/index.js';
import { stopQuietlyWhenOutputCloses } from '../closed-pipe.js';
import { ConfigError } from '../config-error.js';
import { startUp } from '../start-up.js';
import { reportFigures } from './report-figures.js';
import { renderReportHtml } from './report-html.js';
import { renderReportText } from './report-text.js';

const DEFAULT_DAYS = 30;
/** A longer period would make the daily chart unreadable; run one report per year instead. */
const MOST_DAYS = 366;

const USAGE = `Usage: npm run report -- [options]

Prints, for a period of UTC days, the questions answered and declined, answered per principle, helpful
and not helpful per passage, and the passages most often marked not helpful.

Options:
  --from YYYY-MM-DD   the first day (default: ${DEFAULT_DAYS - 1} days before --to)
  --to YYYY-MM-DD     the last day (default: today, UTC)
  --days N            the N days up to --to, instead of --from (at most ${MOST_DAYS})
  --html FILE         also write the report as a self-contained web page to FILE
  -h, --help          this text

It reads the bot's database (DATABASE_FILE, default data/guidance-bot.sqlite) with the bot's settings
(STORE_QUESTIONS, QUESTION_RETENTION_DAYS, KNOWLEDGE_DIR; .env is read if present).`;

class UsageError extends Error {}

export async function main(argv: string[], now = new Date()): Promise<number> {
  const options = readOptions(argv, now);
  if (typeof options === 'number') return options;
  const read = await readStoredReport(options.period);
  if (typeof read === 'number') return read;
  const figures = reportFigures(read.report, read.core);
  process.stdout.write(renderReportText(figures));
  if (options.htmlFile) {
    try {
      writeFileSync(options.htmlFile, renderReportHtml(figures, now));
    } catch (error) {
      process.stderr.write(`report: cannot write the page to ${options.htmlFile}: ${(error as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`report: wrote the page to ${options.htmlFile}\n`);
  }
  return 0;
}

/** The period and the page to write, or the exit code once the help or a usage error is printed. */
function readOptions(argv: string[], now: Date): { period: Period; htmlFile: string | undefined } | number {
  try {
    const { values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        days: { type: 'string' },
        html: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const period = readPeriod(values, now);
    if (values.html !== undefined && !values.html.trim()) throw new UsageError('--html needs a file name');
    return { period, htmlFile: values.html === undefined ? undefined : resolve(values.html) };
  } catch (error) {
    process.stderr.write(`report: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
}

/** The period's figures from the database, and the core to name its passages; or 1 once the problem is printed. */
async function readStoredReport(period: Period): Promise<{ report: UsageReport; core: Core } | number> {
  try {
    const started = startUp(process.env);
    // Read without changing it: a report never creates, deletes, purges or migrates anything.
    const store = started.openStore('read');
    if (!store) {
      process.stderr.write(
        `report: no data yet: there is no database at ${started.settings.store.file}.\n` +
          'The bot creates it when it first starts with Slack or Teams configured. To report on another ' +
          'file, set DATABASE_FILE.\n',
      );
      return 1;
    }
    return { report: await readReport(store, period), core: started.core };
  } catch (error) {
    // Settings, knowledge and database errors all say what is wrong and where, without a stack.
    process.stderr.write(`${error instanceof ConfigError ? 'report: ' : ''}${(error as Error).message}\n`);
    return 1;
  }
}

/**
 * Question text is shown only with STORE_QUESTIONS on (as the bot runs) and within QUESTION_RETENTION_DAYS.
 */
async function readReport(store: Store, period: Period): Promise<UsageReport> {
  try {
    return await store.reports.report(period);
  } finally {
    await store.close();
  }
}

function readPeriod(values: { from?: string; to?: string; days?: string }, now: Date): Period {
  const to = values.to === undefined ? now.toISOString().slice(0, 10) : readDay('--to', values.to);
  if (values.from !== undefined && values.days !== undefined) {
    throw new UsageError('give --from or --days, not both');
  }
  let from: string;
  if (values.from !== undefined) {
    from = readDay('--from', values.from);
    if (from > to) throw new UsageError(`the period starts (${from}) after it ends (${to})`);
  } else {
    from = addDays(to, -(values.days === undefined ? DEFAULT_DAYS : readDays(values.days)) + 1);
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MOST_DAYS) {
    throw new UsageError(`the period has ${days} days; a report covers at most ${MOST_DAYS}: run one per year`);
  }
  return { from, to };
}

function readDay(option: string, text: string): string {
  const at = Date.parse(`${text}T00:00:00Z`);
  // The round trip refuses days that do not exist, such as 2026-02-30.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text) {
    throw new UsageError(`${option} must be a day written YYYY-MM-DD, such as 2026-03-31 (it is "${text}")`);
  }
  return text;
}

function readDays(text: string): number {
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > MOST_DAYS) {
    throw new UsageError(`--days must be a whole number from 1 to ${MOST_DAYS} (it is "${text}")`);
  }
  return days;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  stopQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
