import { createHash } from 'node:crypto';
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

// The report as one self-contained page: inline CSS and SVG, no script, nothing fetched. Every value
// goes through the `html` template, which escapes it unless it is already markup built here.

/** Markup built by `html`, safe to insert as it is. */
class Markup {
  constructor(readonly value: string) {}
}

function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += insert(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

function insert(value: unknown): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(insert).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** Escapes text for an element or a quoted attribute, and drops control characters HTML does not allow. */
export function escapeHtml(text: string): string {
  return text
    .replace(/(?![\t\n\r])\p{Cc}/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Blue and dark brown stay distinct with the common colour-vision deficiencies (and differ in lightness,
// 1.8:1, for those who see no colour), each has at least 4.5:1 contrast on white, and stacked segments
// are also parted by a white line.
const COLOUR = { good: '#1d70b8', bad: '#7a3300' } as const;

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

<h2 id="per-day">Questions answered and declined per day</h2>
${legend('Answered', 'Declined')}
<figure>${daysChart(figures)}</figure>
${numberTable(
  'Questions per day',
  ['Day', 'Answered', 'Declined'],
  figures.days.map((day) => [day.day, day.answered, day.declined]),
  { nowrapLabels: true },
)}

<h2 id="per-principle">Answered per principle</h2>
<figure>${horizontalBars(
    'principles',
    'Questions answered per principle',
    figures.principles.map((principle) => ({ label: principle.label, values: [principle.answered] })),
  )}</figure>
${numberTable(
  'Answered per principle',
  ['Principle', 'Answered'],
  figures.principles.map((principle) => [principle.label, principle.answered]),
)}

<h2 id="feedback">Feedback per passage</h2>
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
}

<h2 id="not-helpful">Most often marked not helpful</h2>
${
  figures.mostNotHelpful.length === 0
    ? html`<p>No passage was marked not helpful in this period.</p>`
    : mostNotHelpfulTable(figures.mostNotHelpful)
}

<h2 id="questions">Declined questions</h2>
${questionSection(figures)}
</main>
<footer>Made by <code>npm run report</code> at ${utcMinute(generatedAt)}. Figures count UTC days.</footer>
</body>
</html>
`;
  return page.value;
}

function legend(good: string, bad: string): Markup {
  return html`<ul class="legend" aria-hidden="true"><li><span class="swatch good"></span>${good}</li><li><span class="swatch bad"></span>${bad}</li></ul>`;
}

const DAYS_PLOT = { top: 24, height: 160 };

/** One stacked column per day (answered below, declined above), with the period's ends labelled. */
function daysChart({ days, period }: ReportFigures): Markup {
  const most = Math.max(...days.map((day) => day.answered + day.declined), 0);
  const slot = 100 / days.length;
  const base = DAYS_PLOT.top + DAYS_PLOT.height;
  const heightOf = (n: number) => (most === 0 ? 0 : (n / most) * DAYS_PLOT.height);
  const bars = days.map((day, i) => {
    const answered = heightOf(day.answered);
    const declined = heightOf(day.declined);
    const x = `${num(i * slot + slot * 0.15)}%`;
    const width = `${num(slot * 0.7)}%`;
    return html`<g class="bar"><title>${day.day}: ${count(day.answered)} answered, ${count(day.declined)} declined</title>${
      day.answered > 0
        ? html`<rect x="${x}" y="${num(base - answered)}" width="${width}" height="${num(answered)}" fill="${COLOUR.good}"/>`
        : ''
    }${
      day.declined > 0
        ? html`<rect x="${x}" y="${num(base - answered - declined)}" width="${width}" height="${num(declined)}" fill="${COLOUR.bad}" stroke="#fff" stroke-width="1"/>`
        : ''
    }</g>`;
  });
  const scale = most === 0 ? 'No questions in this period' : `Highest day: ${count(most)} questions`;
  return html`<svg class="chart" id="chart-days" height="${base + 24}" role="img" aria-labelledby="chart-days-title chart-days-desc">
<title id="chart-days-title">Questions answered and declined per day, ${period.from} to ${period.to}</title>
<desc id="chart-days-desc">A stacked bar for each of the ${days.length} days. The table below gives the same figures.</desc>
<text x="0" y="14">${scale}</text>
<line class="axis" x1="0" x2="100%" y1="${DAYS_PLOT.top}" y2="${DAYS_PLOT.top}" stroke-dasharray="4 4"/>
${bars}
<line class="axis" x1="0" x2="100%" y1="${base}" y2="${base}"/>
<text x="0" y="${base + 18}">${period.from}</text>
<text x="100%" y="${base + 18}" text-anchor="end">${period.to}</text>
</svg>`;
}

/** A longer chart would be a wall of bars; the table under it lists every passage. */
const MOST_FEEDBACK_BARS = 25;
const ROW = { height: 44, labelY: 16, barY: 22, barHeight: 16 };
/** Bars fill at most this share of the width, leaving room for the figure after them. */
const BAR_SPAN = 80;
/** About what fits on one line of a 320 px wide screen; the table gives the whole label. */
const LONGEST_LABEL = 38;

/** One bar per row, label above: one value as a plain bar, two as helpful / not helpful stacked. */
function horizontalBars(id: string, title: string, rows: Array<{ label: string; values: number[] }>): Markup {
  const most = Math.max(...rows.map((row) => row.values.reduce((sum, n) => sum + n, 0)), 0);
  const widthOf = (n: number) => (most === 0 ? 0 : (n / most) * BAR_SPAN);
  const bars = rows.map((row, i) => {
    const top = i * ROW.height;
    const figure = row.values.map(count).join(' / ');
    let x = 0;
    const segments = row.values.map((value, segment) => {
      const width = widthOf(value);
      const rect = html`<rect x="${num(x)}%" y="${top + ROW.barY}" width="${num(width)}%" height="${ROW.barHeight}" fill="${segment === 0 ? COLOUR.good : COLOUR.bad}"${segment > 0 ? html` stroke="#fff" stroke-width="1"` : ''}/>`;
      x += width;
      return value > 0 ? rect : '';
    });
    const explained =
      row.values.length === 1
        ? figure
        : `${count(row.values[0] ?? 0)} helpful, ${count(row.values[1] ?? 0)} not helpful`;
    return html`<g class="bar"><title>${row.label}: ${explained}</title><text x="0" y="${top + ROW.labelY}">${shorten(row.label)}</text>${segments}<text x="${num(x)}%" dx="6" y="${top + ROW.barY + ROW.barHeight - 3}">${figure}</text></g>`;
  });
  return html`<svg class="chart" id="chart-${id}" height="${rows.length * ROW.height}" role="img" aria-labelledby="chart-${id}-title chart-${id}-desc">
<title id="chart-${id}-title">${title}</title>
<desc id="chart-${id}-desc">A bar for each of the ${rows.length} rows. The table below gives the same figures.</desc>
${bars}
</svg>`;
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

function shorten(label: string): string {
  return label.length <= LONGEST_LABEL ? label : `${label.slice(0, LONGEST_LABEL - 1)}…`;
}

/** A coordinate with at most two decimals, so that the page stays small. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}
