import {
  count,
  dayCount,
  NOT_IN_KNOWLEDGE,
  PRIVACY_DEFAULT_LINE,
  type ReportFigures,
  share,
  unlistedNote,
  utcMinute,
} from './report-figures.js';

/** The report as plain text for a terminal or an e-mail. */
export function renderReportText(figures: ReportFigures): string {
  const { period, answered, declined, asked } = figures;
  const days = dayCount(period);
  const lines = [
    `guidance-bot report: ${period.from} to ${period.to} (${days} ${days === 1 ? 'day' : 'days'}, UTC)`,
    '',
    'Questions',
    ...table(
      [
        ['  Answered', count(answered)],
        ['  Declined', count(declined), `(${share(declined, asked)} of ${count(asked)})`],
      ],
      'lrl',
    ),
    '',
    'Questions per day (days with none left out)',
    ...listOrNone(
      figures.days
        .filter((day) => day.answered + day.declined > 0)
        .map((day) => [`  ${day.day}`, `${count(day.answered)} answered`, `${count(day.declined)} declined`]),
      'lrr',
      '  No questions in this period.',
    ),
    '',
    'Answered per principle',
    ...table(
      figures.principles.map((principle) => [`  ${printable(principle.label)}`, count(principle.answered)]),
      'lr',
    ),
    '',
    ...feedbackLines(figures),
    '',
    'Most often marked not helpful',
    ...listOrNone(
      figures.mostNotHelpful.map((passage, rank) => [
        `  ${rank + 1}. ${printable(passage.id)}`,
        `${count(passage.notHelpful)} of ${count(passage.total)}`,
        `${share(passage.notHelpful, passage.total)} not helpful`,
      ]),
      'lrr',
      '  No passage was marked not helpful in this period.',
    ),
    '',
    ...questionLines(figures),
  ];
  return `${lines.join('\n')}\n`;
}

/** Helpful and not helpful per passage, the most feedback first. */
function feedbackLines(figures: ReportFigures): string[] {
  return [
    'Feedback per passage, the most feedback first',
    ...listOrNone(
      [
        ['  Passage', 'Helpful', 'Not helpful', 'Source'],
        ...figures.passages.map((passage) => [
          `  ${printable(passage.id)}`,
          count(passage.helpful),
          count(passage.notHelpful),
          printable(passage.where ?? NOT_IN_KNOWLEDGE),
        ]),
      ],
      'lrrl',
      '  No feedback in this period.',
      1,
    ),
  ];
}

function questionLines({ questionText }: ReportFigures): string[] {
  if (!questionText.stored) return [PRIVACY_DEFAULT_LINE];
  const note = unlistedNote(questionText.declined.length, questionText.declinedCounted);
  return [
    'Declined questions, newest first (gaps in the guidance?)',
    ...(questionText.declined.length === 0
      ? ['  No declined questions stored for this period.']
      : questionText.declined.map(
          (question) => `  ${utcMinute(question.at)}  ${question.platform}  “${printable(question.text)}”`,
        )),
    ...(note ? ['', note] : []),
  ];
}

/** Rows under a header (the first `headerRows` rows), or the `none` line when there are no rows. */
function listOrNone(rows: string[][], align: string, none: string, headerRows = 0): string[] {
  return rows.length > headerRows ? table(rows, align) : [none];
}

/** Columns padded to line up: `align` has an l (left) or r (right) per column, such as 'lrrl'. */
function table(rows: string[][], align: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, column) =>
        align[column] === 'r' ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Text from the database or the knowledge on one line, with control characters shown as escapes, so
 * that a stored question cannot move the cursor, recolour the terminal or fake extra report lines.
 */
export function printable(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(
      /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}
