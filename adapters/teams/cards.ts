import type { Attachment } from 'botbuilder';
import {
  type Answer,
  type AnswerResult,
  type Citation,
  citationLine,
  type FeedbackVerdict,
  type PrincipleRef,
  type QuotedPassage,
  type Reply,
  type Suggestion,
  WEAK_ANSWER_LEAD,
} from '../../src/index.js';
import { type AnswerRef, answerRef } from '../slack/refs.js';

/**
 * Core replies as Adaptive Cards for Teams. Pure: no botbuilder calls, no I/O.
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
}

export const VOTED_TEXT: Record<FeedbackVerdict, string> = {
  helpful: 'Thanks: you marked this answer helpful.',
  'not-helpful': 'Thanks: you marked this answer not helpful. The guidance owners see which passages miss.',
};

/** The most a quote may take in one card before it is shortened (with a note saying so). */
const QUOTE_LIMIT = 8_000;
/** The most quotes a `principle N` card shows; principle 6 alone has over a hundred. */
const PRINCIPLE_QUOTES = 5;
/** The most each of a weak answer's closest passages may take (it shows up to three whole). */
const CLOSEST_QUOTE_LIMIT = 2_500;
const OUR_SUMMARY = "In short (our summary, not the guidance's words): ";
const TRUNCATED_TEXT = '(Your question was long, so only its beginning was read.)';

/** Any reply from `core.respond` as a card. */
export function replyCard(reply: Reply, options: CardOptions = {}): AdaptiveCard {
  switch (reply.kind) {
    case 'answer':
      return answerCard(reply.result, options);
    case 'help':
      return card(summaryText(reply), [
        text('Ask me whether and how to post, reply or comment, and I will quote the guidance that applies.', {
          wrap: true,
        }),
        {
          type: 'FactSet',
          facts: reply.commands.map((command) => ({
            // Teams reads `<your question>` as an HTML tag and shows nothing: single guillemets instead.
            title: escapeMarkdown(command.usage.replace(/<([^<>]*)>/g, '‹$1›')),
            value: escapeMarkdown(command.description),
          })),
        },
        text(
          'In a channel or group chat, @mention me first. On any message, "⋯ > Apps > Check against the guidance" ' +
            'checks it for you alone; "Search the guidance" in the message box finds a passage to share.',
          { wrap: true, isSubtle: true },
        ),
        text(
          'I post the principle of the week in each team and chat I am in. Type "weekly off" to stop it here, ' +
            '"weekly on" to start it again.',
          { wrap: true, isSubtle: true },
        ),
      ]);
    case 'principles':
      return card(summaryText(reply), [
        heading('The principles of the social media guidance for civil servants'),
        ...reply.principles.flatMap((principle) => [
          text(escapeMarkdown(principleTitle(principle)), { weight: 'Bolder', wrap: true, spacing: 'Medium' }),
          text(escapeMarkdown(OUR_SUMMARY + principle.summary), { wrap: true, isSubtle: true, spacing: 'None' }),
        ]),
      ]);
    case 'principle': {
      const shown = reply.passages.slice(0, PRINCIPLE_QUOTES);
      const more = reply.passages.length - shown.length;
      return card(summaryText(reply), [
        heading(principleTitle(reply.principle)),
        text(escapeMarkdown(OUR_SUMMARY + reply.principle.summary), { wrap: true, isSubtle: true }),
        ...shown.flatMap((passage) => quoteBlock(passage, 2_000)),
        ...(more > 0
          ? [
              text(
                `…and ${more} more passage${more === 1 ? '' : 's'} under this principle. Ask a question to find the one that fits.`,
                { wrap: true, isSubtle: true, spacing: 'Medium' },
              ),
            ]
          : []),
      ]);
    }
    case 'unknown-principle':
      return card(summaryText(reply), [
        text(escapeMarkdown(`There is no principle "${reply.requested}". The principles are:`), { wrap: true }),
        ...principleList(reply.principles),
      ]);
    case 'week':
      return card(
        summaryText(reply),
        [
          text(escapeMarkdown(`Principle of the week (${reply.week})`), { isSubtle: true, wrap: true }),
          heading(principleTitle(reply.principle)),
          text(escapeMarkdown(OUR_SUMMARY + reply.principle.summary), { wrap: true, isSubtle: true }),
          ...(reply.passage ? quoteBlock(reply.passage) : []),
        ],
        reply.passage ? sourceButton(reply.passage.source) : [],
      );
  }
}

/** An answer, or a decline that says so plainly and lists the principles. */
export function answerCard(result: AnswerResult, options: CardOptions = {}): AdaptiveCard {
  if (!options.voted) return answerCardBody(result, options);
  // Voted: the same card with the vote where the buttons were (alternatives stay one press away).
  const shown = answerCardBody(result, { ...options, buttons: false });
  shown.body.push(text(VOTED_TEXT[options.voted], { wrap: true, isSubtle: true, spacing: 'Medium' }));
  return shown;
}

function answerCardBody(result: AnswerResult, options: CardOptions): AdaptiveCard {
  const lead = options.lead ? [text(escapeMarkdown(options.lead), { isSubtle: true, wrap: true })] : [];
  if (!result.answered) {
    return card(summaryText({ kind: 'answer', result }), [
      ...lead,
      text(escapeMarkdown(result.reason), { wrap: true }),
      ...principleList(result.suggestions),
    ]);
  }
  const buttons = options.buttons ?? true;
  if (result.weak) return weakAnswerCard(result, lead, buttons);
  const body = [
    ...lead,
    ...suggestionBody(result),
    ...(result.truncated ? [text(TRUNCATED_TEXT, { wrap: true, isSubtle: true })] : []),
  ];
  if (result.alternatives.length > 0) {
    body.push(text('Also relevant:', { weight: 'Bolder', spacing: 'Medium', wrap: true }));
    result.alternatives.forEach((other, index) => {
      body.push(
        text(
          escapeMarkdown(
            `Alternative ${index + 1}: ${shorten(other.passage.text, 110)} (principle ${other.principle.number}; ${citationLine(other.passage.source)})`,
          ),
          { wrap: true, isSubtle: true, spacing: 'Small' },
        ),
      );
    });
  }
  const actions = [
    ...sourceButton(result.passage.source),
    ...(buttons ? feedbackButtons(result.passage.id, refOfResult(result)) : []),
    ...(buttons
      ? result.alternatives.map(
          (other, index): CardButton => ({
            type: 'Action.Submit',
            title: `Show alternative ${index + 1}`,
            data: { action: 'alternative', passageId: other.passage.id },
          }),
        )
      : []),
  ];
  return card(summaryText({ kind: 'answer', result }), body, actions);
}

/**
 * A weak answer: the guidance may not cover the question, so instead of a principle and its quote the
 * card says so and lists the best passage and its alternatives, each whole with its principle and
 * source, as the closest passages. Feedback is still on the best passage; the alternatives are shown
 * already, so they have no buttons.
 */
function weakAnswerCard(result: Answer, lead: CardElement[], buttons: boolean): AdaptiveCard {
  const body = [
    ...lead,
    heading(WEAK_ANSWER_LEAD),
    ...[result, ...result.alternatives].flatMap((closest, index) => [
      text(escapeMarkdown(`${index + 1}. ${principleTitle(closest.principle)}`), {
        weight: 'Bolder',
        wrap: true,
        spacing: 'Medium',
      }),
      ...quoteBlock(closest.passage, CLOSEST_QUOTE_LIMIT),
    ]),
    ...(result.truncated ? [text(TRUNCATED_TEXT, { wrap: true, isSubtle: true })] : []),
  ];
  const actions = [
    ...sourceButton(result.passage.source),
    ...(buttons ? feedbackButtons(result.passage.id, refOfResult(result)) : []),
  ];
  return card(summaryText({ kind: 'answer', result }), body, actions);
}

/** One passage with its principle: an alternative someone asked to see, or a search result. */
export function suggestionCard(suggestion: Suggestion, options: CardOptions = {}): AdaptiveCard {
  const lead = options.lead ? [text(escapeMarkdown(options.lead), { isSubtle: true, wrap: true })] : [];
  return card(
    suggestionSummary(suggestion),
    [...lead, ...suggestionBody(suggestion)],
    [
      ...sourceButton(suggestion.passage.source),
      ...((options.buttons ?? true) ? feedbackButtons(suggestion.passage.id, answerRef(suggestion.passage.id)) : []),
    ],
  );
}

/** A short card with one plain line: acknowledgements and instructions. */
export function noticeCard(message: string): AdaptiveCard {
  return card(message, [text(escapeMarkdown(message), { wrap: true })]);
}

/** The card as a Bot Framework attachment. */
export function cardAttachment(content: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** A plain-text line for notifications and clients that cannot show cards. */
export function summaryText(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return reply.result.answered
        ? `${reply.result.weak ? `${WEAK_ANSWER_LEAD} ` : ''}${suggestionSummary(reply.result)}`
        : `${reply.result.reason} The principles: ${reply.result.suggestions.map(principleTitle).join('; ')}.`;
    case 'help':
      return `Ask me about posting, replying or commenting. Commands: ${reply.commands.map((c) => c.usage).join(', ')}.`;
    case 'principles':
      return `The principles: ${reply.principles.map(principleTitle).join('; ')}.`;
    case 'principle':
      return `${principleTitle(reply.principle)}. ${reply.principle.summary}`;
    case 'unknown-principle':
      return `There is no principle "${reply.requested}". The principles: ${reply.principles.map(principleTitle).join('; ')}.`;
    case 'week':
      return `Principle of the week (${reply.week}): ${principleTitle(reply.principle)}`;
  }
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

function suggestionBody(suggestion: Suggestion): CardElement[] {
  return [
    heading(principleTitle(suggestion.principle)),
    ...quoteBlock(suggestion.passage),
    text(escapeMarkdown(OUR_SUMMARY + suggestion.principle.summary), {
      wrap: true,
      isSubtle: true,
      spacing: 'Medium',
    }),
  ];
}

/** The passage set apart in an emphasis container, then its source. */
function quoteBlock(passage: QuotedPassage, limit = QUOTE_LIMIT): CardElement[] {
  const shortened = passage.text.length > limit;
  const quoted = shortened ? `${passage.text.slice(0, limit).replace(/\s+\S*$/, '')}…` : passage.text;
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
    text(escapeMarkdown(`— ${citationLine(passage.source)}`), {
      wrap: true,
      isSubtle: true,
      size: 'Small',
      spacing: 'Small',
    }),
    text(escapeMarkdown(passage.source.licence), { wrap: true, isSubtle: true, size: 'Small', spacing: 'None' }),
    ...(shortened
      ? [
          text('(Shortened here; open the source for the whole passage.)', {
            wrap: true,
            isSubtle: true,
            size: 'Small',
          }),
        ]
      : []),
  ];
}

function principleList(principles: PrincipleRef[]): CardElement[] {
  return principles.map((principle) =>
    text(escapeMarkdown(principleTitle(principle)), { wrap: true, spacing: 'Small' }),
  );
}

function feedbackButtons(passageId: string, r: AnswerRef): CardButton[] {
  return [
    { type: 'Action.Submit', title: 'Helpful', data: { action: 'feedback', passageId, verdict: 'helpful', r } },
    { type: 'Action.Submit', title: 'Not helpful', data: { action: 'feedback', passageId, verdict: 'not-helpful', r } },
  ];
}

function refOfResult(result: Extract<AnswerResult, { answered: true }>): AnswerRef {
  return answerRef(
    result.passage.id,
    result.alternatives.map((other) => other.passage.id),
    result.truncated,
    result.weak === true,
  );
}

/** A link to the source, for web addresses only (a knowledge file could hold anything). */
function sourceButton(source: Citation): CardButton[] {
  return /^https?:\/\//i.test(source.url)
    ? [{ type: 'Action.OpenUrl', title: 'Open the source', url: source.url }]
    : [];
}

/** A plain-text line for one passage with its principle. */
export function suggestionSummary(suggestion: Suggestion): string {
  return `${principleTitle(suggestion.principle)}: ${shorten(suggestion.passage.text, 160)} (${citationLine(suggestion.passage.source)})`;
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

function principleTitle(principle: { number: number; title: string }): string {
  return `Principle ${principle.number}: ${principle.title}`;
}

function shorten(value: string, limit: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? `“${flat}”` : `“${flat.slice(0, limit - 1).replace(/\s+\S*$/, '')}…”`;
}
