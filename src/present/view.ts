import type { CommandHelp } from '../commands.js';
import type { ContactLine } from './words.js';

// A reply as every platform shows it: what is said, in order, and what each part is. The Slack, Teams and
// terminal renderers map these parts to Block Kit, Adaptive Cards and text, and add no words of their own.

/** How much room a quote gets where the platform must cut: alone, as one of a few, or as one of a list. */
export type QuoteRoom = 'answer' | 'closest' | 'listed';

export type ViewPart =
  /** The reply's first statement (ours), shown prominently: a weak answer's lead. */
  | { type: 'lead'; text: string }
  /** A principle, or a title. */
  | { type: 'heading'; text: string }
  /** A smaller bold line: one of several principles or passages. */
  | { type: 'subheading'; text: string }
  /** A paragraph of ours. */
  | { type: 'text'; text: string }
  /** A quiet line of ours: a label, a note, a tip. */
  | { type: 'note'; text: string }
  /** Our summary of a principle, labelled as ours in `text`. */
  | { type: 'ours'; text: string }
  /** A passage quoted word for word, with where it comes from. */
  | { type: 'quote'; text: string; citation: string; url: string; licence: string; room: QuoteRoom }
  /** Lines of ours under an optional title; bulleted, or numbered in the items themselves. */
  | { type: 'list'; title?: string; items: string[]; bullets?: true }
  /** The commands, typed as shown here. */
  | { type: 'commands'; commands: CommandHelp[] }
  /** Who to ask when unsure (the operator's named contact). */
  | { type: 'contact'; line: ContactLine }
  | { type: 'divider' };

/** What a reply's buttons act on: ids and addresses only, never question text. */
export interface ViewActions {
  /** The passage that Helpful / Not helpful are about. */
  feedback?: string;
  /** Passages offered as "Show alternative 1", "Show alternative 2". */
  alternatives?: string[];
  /** The main passage's source, for an "Open the source" link. */
  source?: string;
}

export interface View {
  /** The reply as one line of plain text: notifications, fallbacks, screen readers. */
  plain: string;
  parts: ViewPart[];
  actions: ViewActions;
}

/** Button labels: the same on every platform that has buttons. */
export const BUTTONS = {
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  share: 'Share in channel',
  source: 'Open the source',
  alternative: (position: number) => `Show alternative ${position}`,
} as const;

/** The text of a part, for checks and for platforms without formatting. */
export function partText(part: ViewPart): string[] {
  switch (part.type) {
    case 'quote':
      return [part.text, part.citation, part.licence];
    case 'list':
      return [...(part.title ? [part.title] : []), ...part.items];
    case 'commands':
      return part.commands.flatMap((command) => [command.usage, command.description]);
    case 'contact':
      return [`${part.line.lead}${part.line.where}${part.line.end}`];
    case 'divider':
      return [];
    default:
      return [part.text];
  }
}
