import type Database from 'better-sqlite3';
import {
  type FeedbackCounts,
  MOST_DECLINED_LISTED,
  type Period,
  type PlatformId,
  type UsageReport,
} from '../../../src/index.js';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The figures for a period, from the daily counts (and the question text, if it was kept). */
/** `questionsKeptSince`: the oldest moment whose question text may be shown; undefined when text is not kept. */
export function buildReport(
  db: Database.Database,
  period: Period,
  questionsKeptSince: number | undefined,
): UsageReport {
  checkPeriod(period);
  const daily = db
    .prepare(
      `SELECT day, sum(answered) AS answered, sum(declined) AS declined FROM questions_daily
       WHERE day BETWEEN ? AND ? GROUP BY day`,
    )
    .all(period.from, period.to) as Array<{ day: string; answered: number; declined: number }>;
  const byDay = new Map(daily.map((row) => [row.day, row]));
  const days = daysOf(period).map((day) => ({
    day,
    answered: byDay.get(day)?.answered ?? 0,
    declined: byDay.get(day)?.declined ?? 0,
  }));
  const principles = db
    .prepare(
      `SELECT principle_id AS id, sum(answered) AS answered FROM questions_daily
       WHERE day BETWEEN ? AND ? AND principle_id <> '' GROUP BY principle_id ORDER BY principle_id`,
    )
    .all(period.from, period.to) as Array<{ id: string; answered: number }>;
  const report: UsageReport = {
    period,
    days,
    byPrinciple: new Map(principles.map((row) => [row.id, row.answered])),
    answered: days.reduce((sum, day) => sum + day.answered, 0),
    declined: days.reduce((sum, day) => sum + day.declined, 0),
    feedback: feedbackCounts(db, period),
    storingQuestions: questionsKeptSince !== undefined,
  };
  if (questionsKeptSince !== undefined) {
    const declined = declinedQuestionsIn(db, period, questionsKeptSince);
    if (declined.length > 0) report.declinedQuestions = declined;
  }
  return report;
}

function declinedQuestionsIn(
  db: Database.Database,
  period: Period,
  keptSince: number,
): NonNullable<UsageReport['declinedQuestions']> {
  const from = Math.max(Date.parse(`${period.from}T00:00:00Z`), keptSince);
  const to = Date.parse(`${period.to}T00:00:00Z`) + 86_400_000;
  const rows = db
    .prepare(
      `SELECT asked_at, platform, text FROM questions
       WHERE outcome = 'declined' AND asked_at >= ? AND asked_at < ? ORDER BY asked_at DESC, id DESC LIMIT ?`,
    )
    .all(from, to, MOST_DECLINED_LISTED) as Array<{ asked_at: number; platform: PlatformId; text: string }>;
  return rows.map((row) => ({ at: new Date(row.asked_at), platform: row.platform, text: row.text }));
}

function checkPeriod({ from, to }: Period): void {
  for (const day of [from, to]) {
    if (!DAY_PATTERN.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      throw new Error(`guidance-bot: "${day}" is not a day; write days as YYYY-MM-DD`);
    }
  }
  if (from > to) throw new Error(`guidance-bot: the period starts (${from}) after it ends (${to})`);
}

function daysOf({ from, to }: Period): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); ; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    if (day > to) return days;
    days.push(day);
  }
}

export function feedbackCounts(db: Database.Database, period?: Period): Map<string, FeedbackCounts> {
  const rows = db
    .prepare(
      `SELECT passage_id AS id, sum(helpful) AS helpful, sum(not_helpful) AS notHelpful FROM feedback_daily
       WHERE day BETWEEN ? AND ? GROUP BY passage_id ORDER BY passage_id`,
    )
    .all(period?.from ?? '0000-00-00', period?.to ?? '9999-99-99') as Array<{ id: string } & FeedbackCounts>;
  return new Map(rows.map(({ id, helpful, notHelpful }) => [id, { helpful, notHelpful }]));
}
