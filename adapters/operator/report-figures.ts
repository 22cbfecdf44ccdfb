import { type Core, MOST_DECLINED_LISTED, type Period, type PlatformId, type UsageReport } from '../../src/index.js';

// The figures of one report, worked out once: the text report and the HTML page both render these,
// so that the page cannot disagree with the text.

/** How many passages the "most often marked not helpful" list shows. */
export const MOST_NOT_HELPFUL_SHOWN = 10;

export interface PrincipleFigure {
  id: string;
  /** "3. Be transparent…", or the id with a note when the principle is no longer in the knowledge. */
  label: string;
  answered: number;
}

export interface PassageFigure {
  id: string;
  /** "Source title, section", or undefined when the passage is no longer in the knowledge. */
  where?: string;
  helpful: number;
  notHelpful: number;
  total: number;
}

export interface DeclinedQuestion {
  at: Date;
  platform: PlatformId;
  text: string;
}

export type QuestionText =
  | { stored: false }
  /** `declined` lists the stored text; `declinedCounted` is every decline counted in the period. */
  | { stored: true; declined: DeclinedQuestion[]; declinedCounted: number };

export interface ReportFigures {
  period: Period;
  days: UsageReport['days'];
  answered: number;
  declined: number;
  asked: number;
  /** Every principle in the knowledge by number, then ids that are no longer in it. */
  principles: PrincipleFigure[];
  /** Passages with feedback, the most feedback first. */
  passages: PassageFigure[];
  /** Passages marked not helpful at least once, the most often first; at most MOST_NOT_HELPFUL_SHOWN. */
  mostNotHelpful: PassageFigure[];
  questionText: QuestionText;
}

export const NOT_IN_KNOWLEDGE = '(no longer in the knowledge)';

export function reportFigures(report: UsageReport, core: Core): ReportFigures {
  const principles: PrincipleFigure[] = [...core.principles()]
    .sort((a, b) => a.number - b.number)
    .map((principle) => ({
      id: principle.id,
      label: `${principle.number}. ${principle.title}`,
      answered: report.byPrinciple.get(principle.id) ?? 0,
    }));
  const known = new Set(principles.map((principle) => principle.id));
  for (const [id, answered] of [...report.byPrinciple].sort(([a], [b]) => a.localeCompare(b))) {
    if (!known.has(id)) principles.push({ id, label: `${id} ${NOT_IN_KNOWLEDGE}`, answered });
  }

  const passages: PassageFigure[] = [...report.feedback]
    .map(([id, counts]) => {
      const source = core.passage(id)?.passage.source;
      return {
        id,
        ...(source ? { where: `${source.title}, ${source.section}` } : {}),
        helpful: counts.helpful,
        notHelpful: counts.notHelpful,
        total: counts.helpful + counts.notHelpful,
      };
    })
    .filter((passage) => passage.total > 0)
    .sort((a, b) => b.total - a.total || b.notHelpful - a.notHelpful || a.id.localeCompare(b.id));
  const mostNotHelpful = passages
    .filter((passage) => passage.notHelpful > 0)
    .sort(
      (a, b) =>
        b.notHelpful - a.notHelpful || b.notHelpful / b.total - a.notHelpful / a.total || a.id.localeCompare(b.id),
    )
    .slice(0, MOST_NOT_HELPFUL_SHOWN);

  return {
    period: report.period,
    days: report.days,
    answered: report.answered,
    declined: report.declined,
    asked: report.answered + report.declined,
    principles,
    passages,
    mostNotHelpful,
    questionText: report.storingQuestions
      ? {
          stored: true,
          declined: report.declinedQuestions ?? [],
          declinedCounted: report.declined,
        }
      : { stored: false },
  };
}

const numbers = new Intl.NumberFormat('en-GB');

/** 12,345 */
export function count(n: number): string {
  return numbers.format(n);
}

/** A whole percentage that never rounds a part to nothing or to everything: "<1%", "30%", ">99%"; "–" of 0. */
export function share(part: number, whole: number): string {
  if (whole === 0) return '–';
  const percent = Math.round((part / whole) * 100);
  if (percent === 0 && part > 0) return '<1%';
  if (percent === 100 && part < whole) return '>99%';
  return `${percent}%`;
}

/** "2026-03-05 14:03 UTC" */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function dayCount(period: Period): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const PRIVACY_DEFAULT_LINE =
  'Question text is not stored (the privacy default), so no questions are listed. To list the questions the ' +
  'guidance could not answer, run the bot with STORE_QUESTIONS=true; the text is then kept for ' +
  'QUESTION_RETENTION_DAYS days (default 30).';

/** Why fewer declined questions are listed than were counted, when they are. */
export function unlistedNote(listed: number, counted: number): string | undefined {
  if (listed >= counted) return undefined;
  return (
    `${count(listed)} of the ${count(counted)} declined questions are listed: text is kept only while ` +
    `STORE_QUESTIONS is on and for QUESTION_RETENTION_DAYS days, and at most the ${MOST_DECLINED_LISTED} most ` +
    'recent of a period are listed.'
  );
}
