import {
  type Answer,
  type AnswerResult,
  citationLine,
  type PrincipleCard,
  type QuotedPassage,
  type Reply,
  WEAK_ANSWER_LEAD,
} from '../../src/index.js';

const TRUNCATED_NOTE = '(Your question was long, so only its beginning was read.)';

/** Replies as plain terminal text. Quotes are always shown whole: they are the point of the answer. */
export function renderPlain(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.result);
    case 'help':
      return [
        'Ask me whether and how to post, reply or comment, and I will quote the guidance that applies.',
        '',
        ...reply.commands.map((command) => `  ${command.usage.padEnd(18)} ${command.description}`),
      ].join('\n');
    case 'principles':
      return [
        'The principles of the social media guidance for civil servants:',
        '',
        ...listPrinciples(reply.principles),
      ].join('\n');
    case 'principle':
      return [
        heading(reply.principle),
        ourSummary(reply.principle.summary),
        ...reply.passages.flatMap((passage) => ['', ...quoteBlock(passage)]),
      ].join('\n');
    case 'unknown-principle':
      return [
        `There is no principle "${clean(reply.requested)}". The principles are:`,
        '',
        ...listPrinciples(reply.principles),
      ].join('\n');
    case 'week':
      return [
        `Principle of the week (${reply.week})`,
        '',
        heading(reply.principle),
        ourSummary(reply.principle.summary),
        ...(reply.passage ? ['', ...quoteBlock(reply.passage)] : []),
      ].join('\n');
  }
}

function renderAnswer(result: AnswerResult): string {
  if (!result.answered) return [result.reason, '', ...listPrinciples(result.suggestions)].join('\n');
  if (result.weak) return renderWeakAnswer(result);
  const lines = [
    heading(result.principle),
    '',
    ...quoteBlock(result.passage),
    '',
    ourSummary(result.principle.summary),
  ];
  if (result.alternatives.length > 0) {
    lines.push('', 'Also relevant:');
    for (const other of result.alternatives) {
      lines.push(
        `  - ${shorten(other.passage.text, 110)} (principle ${other.principle.number}; ${citationLine(other.passage.source)})`,
      );
    }
  }
  if (result.truncated) lines.push('', TRUNCATED_NOTE);
  return lines.join('\n');
}

/**
 * The best passage only weakly fits: say that the guidance may not cover the question, and show it and
 * its alternatives, each whole with its principle and source, as the closest passages.
 */
function renderWeakAnswer(result: Answer): string {
  const lines = [WEAK_ANSWER_LEAD];
  [result, ...result.alternatives].forEach((closest, index) => {
    lines.push('', `${index + 1}. ${heading(closest.principle)}`, '', ...quoteBlock(closest.passage));
  });
  if (result.truncated) lines.push('', TRUNCATED_NOTE);
  return lines.join('\n');
}

function heading(principle: { number: number; title: string }): string {
  return `Principle ${principle.number}: ${principle.title}`;
}

function ourSummary(summary: string): string {
  return summary ? `In short (our summary, not the guidance's words): ${summary}` : '';
}

function quoteBlock(passage: QuotedPassage): string[] {
  const paragraphs = passage.text.split('\n\n');
  return [
    ...paragraphs.map(
      (paragraph, index) => `  ${index === 0 ? '“' : ' '}${paragraph}${index === paragraphs.length - 1 ? '”' : ''}`,
    ),
    `   — ${citationLine(passage.source)}`,
    `     ${passage.source.url}`,
    `     ${passage.source.licence}`,
  ];
}

function listPrinciples(principles: Array<{ number: number; title: string } & Partial<PrincipleCard>>): string[] {
  return principles.map((principle) => `  ${principle.number}. ${principle.title}`);
}

function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= limit ? `“${flat}”` : `“${flat.slice(0, limit - 1).replace(/\s+\S*$/, '')}…”`;
}

/** User text echoed to a terminal must not carry escape sequences that could rewrite the screen. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
