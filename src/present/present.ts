import type { CommandHelp, Reply } from '../commands.js';
import type { Decline, PrincipleRef, PrincipleSummary, QuotedPassage, Suggestion } from '../types.js';
import { citationLine, excerpt } from './citation.js';
import type { Presentation } from './settings.js';
import type { QuoteRoom, View, ViewPart } from './view.js';
import {
  ALSO_RELEVANT,
  contactLine,
  HELP_INTRO,
  HOW_TO_ASK_TITLE,
  howToAsk,
  morePassages,
  noSuchPrinciple,
  ourSummary,
  PASSAGES_SHOWN,
  PRINCIPLES_SHORT_TITLE,
  PRINCIPLES_TITLE,
  principleHeading,
  privacyNote,
  type Surface,
  TRUNCATED_NOTE,
  tryAsking,
  WEAK_ANSWER_LEAD,
  WEEK_TITLE,
  weekLabel,
} from './words.js';

/** Where a reply is shown: what the platform's adapter knows and the core does not. */
export interface Where {
  /**
   * The operator's settings (core.presentation). Without them nothing is said about privacy or
   * a contact, rather than something that may be untrue.
   */
  presentation?: Presentation;
  /** How commands are typed here: "/guidance ", "@guidance-bot " or "". */
  commandPrefix?: string;
  /** The ways to reach the bot here, listed in help and on the home page. */
  surfaces?: readonly Surface[];
}

/** An answer as shown: a suggestion with its alternatives, whether the question was cut, and whether it is weak. */
export interface AnswerShown extends Suggestion {
  alternatives: Suggestion[];
  truncated: boolean;
  weak?: true;
}

/** How long an alternative's quote is in "Also relevant", and the quote in a plain line. */
const ALTERNATIVE_EXCERPT = 110;
const PLAIN_EXCERPT = 300;

/** Any reply from `core.respond` as a view. */
export function present(reply: Reply, where: Where = {}): View {
  switch (reply.kind) {
    case 'answer':
      return reply.result.answered ? answerView(reply.result, where) : declineView(reply.result, where);
    case 'help':
      return helpView(reply.commands, where);
    case 'principles':
      return principlesView(reply.principles);
    case 'principle':
      return principleView(reply.principle, reply.passages);
    case 'unknown-principle': {
      const headings = reply.principles.map(principleHeading);
      const said = noSuchPrinciple(withoutControls(reply.requested));
      return view(`${said} ${headings.join('; ')}.`, [
        { type: 'text', text: said },
        { type: 'list', items: headings },
      ]);
    }
    case 'week':
      return weekView(reply);
  }
}

/** An answer, or one passage found by a button or a search (a suggestion with no alternatives). */
export function answerView(answer: AnswerShown | Suggestion, where: Where = {}): View {
  const shown: AnswerShown = { alternatives: [], truncated: false, ...answer };
  const truncated: ViewPart[] = shown.truncated ? [{ type: 'note', text: TRUNCATED_NOTE }] : [];
  const actions = { feedback: shown.passage.id, source: shown.passage.source.url };
  if (shown.weak) {
    // Only a weak fit: the passages are the closest ones, each whole, not the answer; no alternatives to offer.
    const closest = [shown, ...shown.alternatives].flatMap((suggestion, index): ViewPart[] => [
      { type: 'subheading', text: `${index + 1}. ${principleHeading(suggestion.principle)}` },
      quote(suggestion.passage, 'closest'),
    ]);
    const parts: ViewPart[] = [{ type: 'lead', text: WEAK_ANSWER_LEAD }, ...closest, ...truncated, ...contact(where)];
    return { plain: `${WEAK_ANSWER_LEAD} ${suggestionLine(shown)}`, parts, actions };
  }
  const parts: ViewPart[] = [
    { type: 'heading', text: principleHeading(shown.principle) },
    quote(shown.passage, 'answer'),
    { type: 'ours', text: ourSummary(shown.principle.summary) },
    ...truncated,
  ];
  if (shown.alternatives.length > 0) {
    const items = shown.alternatives.map(
      (other, index) =>
        `${index + 1}. ${excerpt(other.passage.text, ALTERNATIVE_EXCERPT)} (principle ${other.principle.number}; ${citationLine(other.passage.source)})`,
    );
    parts.push({ type: 'list', title: ALSO_RELEVANT, items });
  }
  const alternatives = shown.alternatives.map((other) => other.passage.id);
  return {
    plain: suggestionLine(shown),
    parts,
    actions: { ...actions, ...(alternatives.length > 0 ? { alternatives } : {}) },
  };
}

/** A decline says so plainly, lists the principles, and says who to ask. */
export function declineView(decline: Decline, where: Where = {}): View {
  const headings = decline.suggestions.map(principleHeading);
  return view(`${decline.reason} The principles: ${headings.join('; ')}.`, [
    { type: 'text', text: decline.reason },
    { type: 'list', items: headings },
    { type: 'note', text: tryAsking(where.commandPrefix ?? '') },
    ...contact(where),
  ]);
}

export function helpView(commands: readonly CommandHelp[], where: Where = {}): View {
  const prefix = where.commandPrefix ?? '';
  return view(`${HELP_INTRO} Commands: ${commands.map((command) => `${prefix}${command.usage}`).join(', ')}.`, [
    { type: 'text', text: HELP_INTRO },
    ...commandsAndWays(commands, where),
  ]);
}

/** The home page: the principle of the week, the principles, and how to ask. */
export function homeView(
  week: Extract<Reply, { kind: 'week' }>,
  principles: readonly PrincipleRef[],
  commands: readonly CommandHelp[],
  where: Where,
): View {
  return view(`${weekLabel(week.week)}: ${principleHeading(week.principle)}`, [
    { type: 'heading', text: WEEK_TITLE },
    { type: 'note', text: week.week },
    ...principleParts(week.principle, week.passage ? [week.passage] : [], 'listed'),
    { type: 'divider' },
    { type: 'heading', text: PRINCIPLES_SHORT_TITLE },
    { type: 'list', items: principles.map(principleHeading) },
    { type: 'divider' },
    { type: 'heading', text: HOW_TO_ASK_TITLE },
    ...commandsAndWays(commands, where),
  ]);
}

function commandsAndWays(commands: readonly CommandHelp[], where: Where): ViewPart[] {
  const prefix = where.commandPrefix ?? '';
  const surfaces = where.surfaces ?? [];
  return [
    { type: 'commands', commands: commands.map((command) => ({ ...command, usage: `${prefix}${command.usage}` })) },
    ...(surfaces.length > 0 ? [{ type: 'list' as const, items: surfaces.map(howToAsk), bullets: true as const }] : []),
    ...(where.presentation ? [{ type: 'note' as const, text: privacyNote(where.presentation) }] : []),
    ...contact(where),
  ];
}

function principlesView(principles: readonly PrincipleSummary[]): View {
  return view(`The principles: ${principles.map(principleHeading).join('; ')}.`, [
    { type: 'heading', text: PRINCIPLES_TITLE },
    ...principles.flatMap((principle): ViewPart[] => [
      { type: 'subheading', text: principleHeading(principle) },
      { type: 'ours', text: ourSummary(principle.summary) },
    ]),
  ]);
}

function principleView(principle: PrincipleSummary, passages: readonly QuotedPassage[]): View {
  return view(`${principleHeading(principle)}. ${ourSummary(principle.summary)}`, [
    ...principleParts(principle, passages, 'listed'),
  ]);
}

function weekView(week: Extract<Reply, { kind: 'week' }>): View {
  const parts: ViewPart[] = [
    { type: 'note', text: weekLabel(week.week) },
    ...principleParts(week.principle, week.passage ? [week.passage] : [], 'answer'),
  ];
  return { ...view(`${weekLabel(week.week)}: ${principleHeading(week.principle)}`, parts), ...sourceOf(week.passage) };
}

/** A principle's heading and our summary, then up to PASSAGES_SHOWN of its passages, and how many more. */
function principleParts(principle: PrincipleSummary, passages: readonly QuotedPassage[], room: QuoteRoom): ViewPart[] {
  const shown = passages.slice(0, PASSAGES_SHOWN);
  const more = passages.length - shown.length;
  return [
    { type: 'heading', text: principleHeading(principle) },
    { type: 'ours', text: ourSummary(principle.summary) },
    ...shown.map((passage) => quote(passage, room)),
    ...(more > 0 ? [{ type: 'note' as const, text: morePassages(more) }] : []),
  ];
}

function quote(passage: QuotedPassage, room: QuoteRoom): ViewPart {
  const { source } = passage;
  return {
    type: 'quote',
    text: passage.text,
    citation: citationLine(source),
    url: source.url,
    licence: source.licence,
    room,
  };
}

function contact(where: Where): ViewPart[] {
  const named = where.presentation?.contact;
  return named ? [{ type: 'contact', line: contactLine(named) }] : [];
}

/** One passage with its principle, as one line. */
function suggestionLine(suggestion: Suggestion): string {
  const { passage } = suggestion;
  return `${principleHeading(suggestion.principle)}: ${excerpt(passage.text, PLAIN_EXCERPT)} — ${citationLine(passage.source)}`;
}

function sourceOf(passage: QuotedPassage | undefined): Pick<View, 'actions'> {
  return { actions: passage ? { source: passage.source.url } : {} };
}

/** What a person typed, as it may be echoed: no control characters (they could act on a screen or a log). */
function withoutControls(text: string): string {
  return text.replace(/\p{Cc}/gu, '');
}

function view(plain: string, parts: ViewPart[]): View {
  return { plain, parts, actions: {} };
}
