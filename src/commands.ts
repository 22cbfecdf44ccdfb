import type { AnswerResult, PrincipleSummary, QuotedPassage } from './types.js';

export interface CommandHelp {
  /** What to type after the bot's name or the slash command: "principle 3". */
  usage: string;
  description: string;
}

/** Everything the bot can say back to one message, before a platform renders it. */
export type Reply =
  | { kind: 'answer'; result: AnswerResult }
  | { kind: 'help'; commands: CommandHelp[] }
  | { kind: 'principles'; principles: PrincipleSummary[] }
  | { kind: 'principle'; principle: PrincipleSummary; passages: QuotedPassage[] }
  | { kind: 'unknown-principle'; requested: string; principles: PrincipleSummary[] }
  | { kind: 'week'; week: string; principle: PrincipleSummary; passage?: QuotedPassage };

export const COMMANDS: CommandHelp[] = [
  // Single guillemets, not <…>: Teams reads `<your question>` as an HTML tag and shows nothing.
  { usage: '‹your question›', description: 'what the guidance says, with the passage quoted and its source' },
  { usage: 'principles', description: 'the six principles of the guidance' },
  { usage: 'principle 3', description: 'one principle, with the passages filed under it' },
  { usage: 'week', description: 'the principle of the week' },
  { usage: 'help', description: 'this list' },
];

export type Command =
  | { name: 'help' }
  | { name: 'principles' }
  | { name: 'principle'; ref: string }
  | { name: 'week' }
  /** `weekly` shows whether the principle of the week is posted here; `weekly on|off` switches it. */
  | { name: 'weekly'; switch: 'on' | 'off' | 'show' }
  | { name: 'ask'; question: string };

/**
 * Reads a message as one of the shared commands, or as a question. Only a message that is the
 * command and nothing else counts, so "help me reply to this" is still a question.
 */
export function parseCommand(text: string): Command {
  const words = text
    .trim()
    .replace(/[.!?]+$/, '')
    .toLowerCase();
  if (words === 'help' || words === '?' || words === 'commands') return { name: 'help' };
  if (words === 'principles' || words === 'principle' || words === 'list principles') return { name: 'principles' };
  const one = /^principle\s+(?:no\.\s*|no\s+|number\s+|#)?([a-z0-9-]+)$/.exec(words);
  if (one?.[1]) return { name: 'principle', ref: one[1] };
  const weekly = /^weekly(?:\s+(on|off))?$/.exec(words);
  if (weekly) return { name: 'weekly', switch: weekly[1] === 'on' || weekly[1] === 'off' ? weekly[1] : 'show' };
  if (words === 'week' || words === 'this week' || words === 'principle of the week') return { name: 'week' };
  return { name: 'ask', question: text };
}
