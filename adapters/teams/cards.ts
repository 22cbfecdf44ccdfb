import type { Attachment } from 'botbuilder';
import {
  type AnswerResult,
  answerView,
  BUTTONS,
  type ContactLine,
  declineView,
  type FeedbackVerdict,
  type Presentation,
  present,
  type QuoteRoom,
  type Reply,
  SEARCH_ACTION_NAME,
  SHORTENED_NOTE,
  type Suggestion,
  type Surface,
  type View,
  type ViewPart,
  VOTED,
  type Where,
} from '../../src/index.js';
import { type AnswerRef, answerRef } from '../reply-refs.js';

/**
 * The core's views (src/present) as Adaptive Cards for Teams. Pure: no botbuilder calls, no I/O. The
 * words are the core's; here they are escaped and laid out.
 *
 * Everything used here (TextBlock, Container, FactSet, Action.Submit, Action.OpenUrl) exists in
 * Adaptive Cards 1.2, so the cards declare 1.2 and render in every current Teams client.
 * TextBlocks render a Markdown subset, so all text that comes from the knowledge or from a user goes
 * through {@link escapeMarkdown}. No card carries a mention entity, so `<at>` stays plain text.
 */
export const CARD_VERSION = '1.2';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams' message limit is about 28 KB; the cards stay well under it. */
export const MAX_CARD_BYTES = 28 * 1024;

/** The ways to reach the bot in Teams, for help. */
export const TEAMS_SURFACES: readonly Surface[] = [
  { kind: 'mention', name: '@guidance-bot' },
  { kind: 'message-action', menu: '“⋯” > Apps' },
  { kind: 'search', name: SEARCH_ACTION_NAME },
  { kind: 'weekly-switch' },
];

/** What a card button sends back: ids only, never question text. */
export type CardAction =
  /** `r`: the answer the card showed (ids only), to show it again with the vote in place of the buttons. */
  | { action: 'feedback'; passageId: string; verdict: FeedbackVerdict; r?: AnswerRef }
  | { action: 'alternative'; passageId: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  fallbackText: string;
  body: CardElement[];
  actions?: CardButton[];
  msteams?: { width: 'Full' };
}

export type CardElement = Record<string, unknown> & { type: string };
export type CardButton =
  | { type: 'Action.Submit'; title: string; data: CardAction }
  | { type: 'Action.OpenUrl'; title: string; url: string };

export interface CardOptions {
  /**
   * Whether to add the Helpful / Not helpful and alternative buttons (default true). Cards that
   * users insert themselves (search results) keep only the link to the source.
   */
  buttons?: boolean;
  /** A line shown above the answer, e.g. the question the message action asked. */
  lead?: string;
  /** The person's vote on this answer: shown where the Helpful / Not helpful buttons were. */
  voted?: FeedbackVerdict;
  /** core.presentation: what help says about privacy, and the contact on declines and doubtful answers. */
  presentation?: Presentation;
}

/** The most a quote may take in one card before it is shortened (with a note saying so), by its room. */
const QUOTE_LIMITS: Record<QuoteRoom, number> = { answer: 8_000, closest: 2_500, listed: 2_000 };

/** Any reply from `core.respond` as a card. */
export function replyCard(reply: Reply, options: CardOptions = {}): AdaptiveCard {
  if (reply.kind === 'answer') return answerCard(reply.result, options);
  return viewCard(present(reply, where(options)), options);
}

/** An answer, or a decline that says so plainly and lists the principles. */
export function answerCard(result: AnswerResult, options: CardOptions = {}): AdaptiveCard {
  if (!result.answered) return viewCard(declineView(result, where(options)), options);
  const ref = answerRef(
    result.passage.id,
    result.alternatives.map((other) => other.passage.id),
    result.truncated,
    result.weak === true,
  );
  if (!options.voted) return viewCard(answerView(result, where(options)), options, ref);
  // Voted: the same card with the vote where the buttons were (alternatives stay one press away).
  const shown = viewCard(answerView(result, where(options)), { ...options, buttons: false });
  shown.body.push(text(escapeMarkdown(VOTED[options.voted]), { wrap: true, isSubtle: true, spacing: 'Medium' }));
  return shown;
}

/** One passage with its principle: an alternative someone asked to see, or a search result. */
export function suggestionCard(suggestion: Suggestion, options: CardOptions = {}): AdaptiveCard {
  return viewCard(answerView(suggestion, where(options)), options, answerRef(suggestion.passage.id));
}

/** A short card with one plain line: acknowledgements and instructions. */
export function noticeCard(message: string): AdaptiveCard {
  return card(message, [text(escapeMarkdown(message), { wrap: true })]);
}

/** The card as a Bot Framework attachment. */
export function cardAttachment(content: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** A reply as one plain line, for notifications and clients that cannot show cards. */
export function summaryText(reply: Reply): string {
  return present(reply).plain;
}

/**
 * Escapes what Teams' card Markdown would act on: emphasis (`*`, `_`), links (`[…](…)`), code and
 * strikethrough, and list markers at the start of a line ("15. Your department…" would otherwise
 * become a renumbered list item).
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\*_`~[\]]/g, (character) => `\\${character}`)
    .replace(/^(\s*\d+)\.(?=\s|$)/gm, '$1\\.')
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2');
}

function where(options: CardOptions): Where {
  return { surfaces: TEAMS_SURFACES, ...(options.presentation ? { presentation: options.presentation } : {}) };
}

/** `ref`: the answer shown, carried by its feedback buttons. */
function viewCard(view: View, options: CardOptions, ref?: AnswerRef): AdaptiveCard {
  const lead = options.lead ? [text(escapeMarkdown(options.lead), { isSubtle: true, wrap: true })] : [];
  const buttons = options.buttons ?? true;
  const { feedback, alternatives = [], source } = view.actions;
  const actions: CardButton[] = [
    ...(source && /^https?:\/\//i.test(source)
      ? [{ type: 'Action.OpenUrl' as const, title: BUTTONS.source, url: source }]
      : []),
    ...(buttons && feedback ? feedbackButtons(feedback, ref ?? answerRef(feedback)) : []),
    ...(buttons
      ? alternatives.map(
          (passageId, index): CardButton => ({
            type: 'Action.Submit',
            title: BUTTONS.alternative(index + 1),
            data: { action: 'alternative', passageId },
          }),
        )
      : []),
  ];
  return card(view.plain, [...lead, ...view.parts.flatMap(partElements)], actions);
}

function partElements(part: ViewPart): CardElement[] {
  switch (part.type) {
    case 'heading':
    case 'lead':
      return [heading(part.text)];
    case 'subheading':
      return [text(escapeMarkdown(part.text), { weight: 'Bolder', wrap: true, spacing: 'Medium' })];
    case 'text':
      return [text(escapeMarkdown(part.text), { wrap: true })];
    case 'note':
      return [text(escapeMarkdown(part.text), { wrap: true, isSubtle: true })];
    case 'ours':
      return [text(escapeMarkdown(part.text), { wrap: true, isSubtle: true, spacing: 'Medium' })];
    case 'quote':
      return quoteBlock(part);
    case 'list':
      return [
        ...(part.title ? [text(escapeMarkdown(part.title), { weight: 'Bolder', spacing: 'Medium', wrap: true })] : []),
        ...part.items.map((item) =>
          text(`${part.bullets ? '• ' : ''}${escapeMarkdown(item)}`, { wrap: true, spacing: 'Small' }),
        ),
      ];
    case 'commands':
      return [
        {
          type: 'FactSet',
          facts: part.commands.map((command) => ({
            title: escapeMarkdown(command.usage),
            value: escapeMarkdown(command.description),
          })),
        },
      ];
    case 'contact':
      return [text(contactMarkdown(part.line), { wrap: true, spacing: 'Medium' })];
    case 'divider':
      return [{ type: 'TextBlock', text: ' ', separator: true, spacing: 'Medium' }];
  }
}

/** The passage set apart in an emphasis container, then its source and licence. */
function quoteBlock(quote: Extract<ViewPart, { type: 'quote' }>): CardElement[] {
  const limit = QUOTE_LIMITS[quote.room];
  const shortened = quote.text.length > limit;
  const quoted = shortened ? `${quote.text.slice(0, limit).replace(/\s+\S*$/, '')}…` : quote.text;
  // One TextBlock a line: card Markdown would join lines that are not separated by a blank line.
  const paragraphs = quoted.split(/\n+/);
  return [
    {
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: paragraphs.map((paragraph, index) =>
        text(escapeMarkdown(`${index === 0 ? '“' : ''}${paragraph}${index === paragraphs.length - 1 ? '”' : ''}`), {
          wrap: true,
        }),
      ),
    },
    text(escapeMarkdown(`— ${quote.citation}`), { wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' }),
    text(escapeMarkdown(quote.licence), { wrap: true, isSubtle: true, size: 'Small', spacing: 'None' }),
    ...(shortened ? [text(escapeMarkdown(SHORTENED_NOTE), { wrap: true, isSubtle: true, size: 'Small' })] : []),
  ];
}

/** The contact line, with `where` as a Markdown link when it is a web or mail address. */
function contactMarkdown(line: ContactLine): string {
  const link = line.link && /^(?:https?:\/\/|mailto:)[^\s()<>[\]]+$/.test(line.link) ? line.link : undefined;
  const where = link ? `[${escapeMarkdown(line.where)}](${link})` : escapeMarkdown(line.where);
  return `${escapeMarkdown(line.lead)}${where}${escapeMarkdown(line.end)}`;
}

function feedbackButtons(passageId: string, r: AnswerRef): CardButton[] {
  return [
    { type: 'Action.Submit', title: BUTTONS.helpful, data: { action: 'feedback', passageId, verdict: 'helpful', r } },
    {
      type: 'Action.Submit',
      title: BUTTONS.notHelpful,
      data: { action: 'feedback', passageId, verdict: 'not-helpful', r },
    },
  ];
}

function card(fallbackText: string, body: CardElement[], actions: CardButton[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    fallbackText: fallbackText.length > 1_000 ? `${fallbackText.slice(0, 999)}…` : fallbackText,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

function heading(value: string): CardElement {
  return text(escapeMarkdown(value), { weight: 'Bolder', size: 'Medium', wrap: true });
}

function text(value: string, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, ...style };
}
