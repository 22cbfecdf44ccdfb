import { type Presentation, present, type Reply, type View, type ViewPart } from '../../src/index.js';

// The core's views (src/present) as terminal text. Quotes are always shown whole: they are the point
// of the answer, and a terminal has no size limit.

/** Any reply as plain text; `presentation` (core.presentation) adds what help says about privacy, and the contact. */
export function renderPlain(reply: Reply, presentation?: Presentation): string {
  return renderView(present(reply, presentation ? { presentation } : {}));
}

export function renderView(view: View): string {
  const lines: string[] = [];
  view.parts.forEach((part, index) => {
    // Our summary sits right under its principle; every other part is a paragraph of its own.
    const above = view.parts[index - 1]?.type;
    const tight = part.type === 'ours' && (above === 'heading' || above === 'subheading');
    if (index > 0 && !tight) lines.push('');
    lines.push(...partLines(part));
  });
  return clean(lines.join('\n'));
}

function partLines(part: ViewPart): string[] {
  switch (part.type) {
    case 'quote': {
      const paragraphs = part.text.split('\n\n');
      return [
        ...paragraphs.map(
          (paragraph, index) => `  ${index === 0 ? '“' : ' '}${paragraph}${index === paragraphs.length - 1 ? '”' : ''}`,
        ),
        `   — ${part.citation}`,
        `     ${part.url}`,
        `     ${part.licence}`,
      ];
    }
    case 'list':
      return [...(part.title ? [part.title] : []), ...part.items.map((item) => `  ${part.bullets ? '- ' : ''}${item}`)];
    case 'commands':
      return part.commands.map((command) => `  ${command.usage.padEnd(18)} ${command.description}`);
    case 'contact':
      return [`${part.line.lead}${part.line.where}${part.line.end}`];
    case 'divider':
      return ['—'.repeat(20)];
    default:
      return [part.text];
  }
}

/** Text shown in a terminal must not carry escape sequences that could rewrite the screen: only line breaks stay. */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}
