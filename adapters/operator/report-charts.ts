import { html, type Markup } from './html.js';
import { count, type ReportFigures } from './report-figures.js';

// The report page's charts, as inline SVG: no script, nothing fetched. Each chart has a title and a
// description for screen readers, and a table under it (report-html.ts) gives the same figures.

// Blue and dark brown stay distinct with the common colour-vision deficiencies (and differ in lightness,
// 1.8:1, for those who see no colour), each has at least 4.5:1 contrast on white, and stacked segments
// are also parted by a white line.
export const COLOUR = { good: '#1d70b8', bad: '#7a3300' } as const;

export function legend(good: string, bad: string): Markup {
  return html`<ul class="legend" aria-hidden="true"><li><span class="swatch good"></span>${good}</li><li><span class="swatch bad"></span>${bad}</li></ul>`;
}

const DAYS_PLOT = { top: 24, height: 160 };

/** One stacked column per day (answered below, declined above), with the period's ends labelled. */
export function daysChart({ days, period }: ReportFigures): Markup {
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
export const MOST_FEEDBACK_BARS = 25;
const ROW = { height: 44, labelY: 16, barY: 22, barHeight: 16 };
/** Bars fill at most this share of the width, leaving room for the figure after them. */
const BAR_SPAN = 80;
/** About what fits on one line of a 320 px wide screen; the table gives the whole label. */
const LONGEST_LABEL = 38;

/** One bar per row, label above: one value as a plain bar, two as helpful / not helpful stacked. */
export function horizontalBars(id: string, title: string, rows: Array<{ label: string; values: number[] }>): Markup {
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

function shorten(label: string): string {
  return label.length <= LONGEST_LABEL ? label : `${label.slice(0, LONGEST_LABEL - 1)}…`;
}

/** A coordinate with at most two decimals, so that the page stays small. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}
