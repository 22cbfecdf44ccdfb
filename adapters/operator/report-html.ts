import { createHash } from 'node:crypto';
import { html, Markup } from './html.js';
import { COLOUR, daysChart, horizontalBars, legend, MOST_FEEDBACK_BARS } from './report-charts.js';
import {
  count,
  dayCount,
  NOT_IN_KNOWLEDGE,
  type PassageFigure,
  PRIVACY_DEFAULT_LINE,
  type ReportFigures,
  share,
  unlistedNote,
  utcMinute,
} from './report-figures.js';

// The report as one self-contained page: inline CSS and SVG (report-charts.ts), no script, nothing
// fetched. Every value goes through the `html` template (html.ts), which escapes it unless it is
// already markup built here.

const CSS = `
:root { color: #0b0c0c; background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .5rem; border-top: 1px solid #b1b4b6; padding-top: 1rem; }
p { max-width: 40rem; }
.totals { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; padding: 0; list-style: none; }
.totals li { border-left: 5px solid #505a5f; padding: .25rem .75rem; }
.totals .figure { display: block; font-size: 2rem; font-weight: 700; line-height: 1.2; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: .5rem 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: .9rem; height: .9rem; margin-right: .4rem; vertical-align: -.1rem;
  border: 1px solid #0b0c0c; }
.swatch.good { background: ${COLOUR.good}; } .swatch.bad { background: ${COLOUR.bad}; }
figure { margin: 1rem 0; }
svg.chart { display: block; width: 100%; overflow: visible; font: 14px system-ui, -apple-system, "Segoe UI", Arial, sans-serif; }
svg.chart text { fill: #0b0c0c; }
svg.chart .axis { stroke: #505a5f; stroke-width: 1; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; min-width: min(100%, 24rem); font-size: .95rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .35rem .6rem .35rem 0; text-align: left; vertical-align: top; }
th:last-child, td:last-child { padding-right: 0; }
th.n, td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td, th { overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
.where { display: block; font-weight: 400; color: #484949; font-size: .9rem; }
ol.questions { padding-left: 1.5rem; }
ol.questions li { margin-bottom: .75rem; }
.question { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.asked { margin: 0; color: #484949; font-size: .9rem; }
.note { color: #484949; }
footer { margin-top: 3rem; color: #484949; font-size: .9rem; }
`;

const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderReportHtml(figures: ReportFigures, generatedAt: Date): string {
  const { period, answered, declined, asked } = figures;
  const title = `guidance-bot report, ${period.from} to ${period.to}`;
  const page = html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
<main>
<h1>guidance-bot report</h1>
<p>Questions asked of the bot from ${period.from} to ${period.to} (${dayCount(period)} days, UTC days).</p>
<ul class="totals" aria-label="Totals">
<li><span class="figure">${count(answered)}</span> answered</li>
<li><span class="figure">${count(declined)}</span> declined (${share(declined, asked)} of ${count(asked)})</li>
</ul>

${perDaySection(figures)}

${perPrincipleSection(figures)}

${feedbackSection(figures)}

${notHelpfulSection(figures)}

<h2 id="questions">Declined questions</h2>
${questionSection(figures)}
</main>
<footer>Made by <code>npm run report</code> at ${utcMinute(generatedAt)}. Figures count UTC days.</footer>
</body>
</html>
`;
  return page.value;
}

/** A stacked column per day, and the same figures in a table. */
function perDaySection(figures: ReportFigures): Markup {
  return html`<h2 id="per-day">Questions answered and declined per day</h2>
${legend('Answered', 'Declined')}
<figure>${daysChart(figures)}</figure>
${numberTable(
  'Questions per day',
  ['Day', 'Answered', 'Declined'],
  figures.days.map((day) => [day.day, day.answered, day.declined]),
  { nowrapLabels: true },
)}`;
}

/** A bar per principle, and the same figures in a table. */
function perPrincipleSection(figures: ReportFigures): Markup {
  return html`<h2 id="per-principle">Answered per principle</h2>
<figure>${horizontalBars(
    'principles',
    'Questions answered per principle',
    figures.principles.map((principle) => ({ label: principle.label, values: [principle.answered] })),
  )}</figure>
${numberTable(
  'Answered per principle',
  ['Principle', 'Answered'],
  figures.principles.map((principle) => [principle.label, principle.answered]),
)}`;
}

/** Helpful and not helpful per passage: the most feedback charted, every passage in the table. */
function feedbackSection(figures: ReportFigures): Markup {
  return html`<h2 id="feedback">Feedback per passage</h2>
${
  figures.passages.length === 0
    ? html`<p>No feedback in this period.</p>`
    : html`${legend('Helpful', 'Not helpful')}
<figure>${horizontalBars(
        'feedback',
        'Helpful and not helpful per passage, the most feedback first',
        figures.passages
          .slice(0, MOST_FEEDBACK_BARS)
          .map((passage) => ({ label: passage.id, values: [passage.helpful, passage.notHelpful] })),
      )}${
        figures.passages.length > MOST_FEEDBACK_BARS
          ? html`<figcaption>The ${MOST_FEEDBACK_BARS} passages with the most feedback; the table lists all ${count(figures.passages.length)}.</figcaption>`
          : ''
      }</figure>
${passageTable(figures.passages)}`
}`;
}

/** The passages most often marked not helpful, ranked. */
function notHelpfulSection(figures: ReportFigures): Markup {
  return html`<h2 id="not-helpful">Most often marked not helpful</h2>
${
  figures.mostNotHelpful.length === 0
    ? html`<p>No passage was marked not helpful in this period.</p>`
    : mostNotHelpfulTable(figures.mostNotHelpful)
}`;
}

function numberTable(
  caption: string,
  headings: string[],
  rows: Array<Array<string | number>>,
  options: { nowrapLabels?: boolean } = {},
): Markup {
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${headings.map((heading, i) => html`<th scope="col"${i > 0 ? html` class="n"` : ''}>${heading}</th>`)}</tr></thead>
<tbody>
${rows.map(
  ([label, ...figures]) =>
    html`<tr><th scope="row"${options.nowrapLabels ? html` class="nowrap"` : ''}>${label}</th>${figures.map((n) => html`<td class="n">${typeof n === 'number' ? count(n) : n}</td>`)}</tr>
`,
)}</tbody>
</table></div>`;
}

function passageTable(passages: PassageFigure[]): Markup {
  return html`<div class="table-wrap"><table>
<caption>Feedback per passage</caption>
<thead><tr><th scope="col">Passage (source)</th><th scope="col" class="n">Helpful</th><th scope="col" class="n">Not helpful</th></tr></thead>
<tbody>
${passages.map(
  (passage) =>
    html`<tr><th scope="row">${passageCell(passage)}</th><td class="n">${count(passage.helpful)}</td><td class="n">${count(passage.notHelpful)}</td></tr>
`,
)}</tbody>
</table></div>`;
}

function mostNotHelpfulTable(passages: PassageFigure[]): Markup {
  return html`<div class="table-wrap"><table>
<caption>Passages most often marked not helpful</caption>
<thead><tr><th scope="col" class="n">Rank</th><th scope="col">Passage (source)</th><th scope="col" class="n">Not helpful</th><th scope="col" class="n">Share</th></tr></thead>
<tbody>
${passages.map(
  (passage, rank) =>
    html`<tr><td class="n">${rank + 1}</td><th scope="row">${passageCell(passage)}</th><td class="n">${count(passage.notHelpful)} of ${count(passage.total)}</td><td class="n">${share(passage.notHelpful, passage.total)}</td></tr>
`,
)}</tbody>
</table></div>`;
}

/** The passage id, and under it where the passage comes from. */
function passageCell(passage: PassageFigure): Markup {
  return html`${passage.id} <span class="where">${passage.where ?? NOT_IN_KNOWLEDGE}</span>`;
}

function questionSection({ questionText }: ReportFigures): Markup {
  if (!questionText.stored) return html`<p>${PRIVACY_DEFAULT_LINE}</p>`;
  const note = unlistedNote(questionText.declined.length, questionText.declinedCounted);
  const list =
    questionText.declined.length === 0
      ? html`<p>No declined questions stored for this period.</p>`
      : html`<p>Questions the guidance could not answer, newest first: they may show gaps in the guidance.</p>
<ol class="questions" id="declined-questions">
${questionText.declined.map(
  (question) =>
    html`<li><p class="question">${question.text}</p><p class="asked">${utcMinute(question.at)}, ${question.platform}</p></li>
`,
)}</ol>`;
  return html`${list}${note ? html`<p class="note">${note}</p>` : ''}`;
}
