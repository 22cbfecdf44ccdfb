import type { types } from '@slack/bolt';
import {
  type Citation,
  type CommandHelp,
  citationLine,
  type Decline,
  type PrincipleCard,
  type PrincipleRef,
  type QuotedPassage,
  type Reply,
  type Suggestion,
  WEAK_ANSWER_LEAD,
} from '../../src/index.js';
import { ACTIONS } from './constants.js';
import { escapeSlackText, fitText, safeLink } from './escape.js';
import { answerRef, encodeValue, type FeedbackRef, isUserId, refOf } from './refs.js';

// Pure: the core's replies as Slack messages ({ text, blocks }). Everything from a user or a knowledge
// file is escaped (escape.ts), and every text is fitted to Slack's limits.

type KnownBlock = types.KnownBlock;
type Button = types.Button;

export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  blocks: 50,
  homeBlocks: 100,
  /** The plain `text` of a message: its notification and screen-reader fallback. */
  fallbackText: 3000,
} as const;

/** Passages shown under one principle; the rest are counted. */
const PASSAGES_SHOWN = 8;

export const FEEDBACK_THANKS = 'Thanks — your feedback was recorded.';
export const TRUNCATED_NOTE = 'Your question was long, so only its beginning was read.';
export const SOMETHING_WENT_WRONG = 'Sorry, something went wrong on my side. Please try again in a moment.';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /** Offer "Share in channel" (for answers only the asker can see). */
  share?: boolean;
  /** The user who shared this answer into the channel, credited at its foot. */
  sharedBy?: string;
  /** Helpful / Not helpful buttons ('ask', the default), or the thanks that replaces them ('thanks'). */
  feedback?: 'ask' | 'thanks';
  /** How commands are typed where this is shown: "/guidance " for the slash command, "" in a DM. */
  commandPrefix?: string;
  /** When the reply was made (for the principle of the week, when shared later). Default: now. */
  date?: Date;
  /** A line (plain text, ours) shown above the reply, saying why it arrived where it did. */
  note?: string;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const message = renderBody(reply, options);
  if (!options.note) return message;
  return {
    text: message.text,
    blocks: capBlocks([context(escapeSlackText(options.note)), ...message.blocks], LIMITS.blocks),
  };
}

function renderBody(reply: Reply, options: RenderOptions): SlackMessage {
  const shareRef = options.share ? refOf(reply, options.date ?? new Date()) : undefined;
  const shareButton = shareRef
    ? button('Share in channel', ACTIONS.share, encodeValue(shareRef), 'primary')
    : undefined;
  switch (reply.kind) {
    case 'answer':
      return reply.result.answered
        ? renderAnswer(reply.result, options)
        : renderDecline(reply.result, options.commandPrefix ?? '/guidance ');
    case 'help':
      return finish(
        'How to ask the guidance bot',
        helpBlocks(reply.commands, options.commandPrefix ?? ''),
        shareButton,
        options.sharedBy,
      );
    case 'principles':
      return finish(
        'The principles of the social media guidance for civil servants',
        [header('The principles of the social media guidance'), section(principleList(reply.principles))],
        shareButton,
        options.sharedBy,
      );
    case 'principle':
      return finish(
        principleHeading(reply.principle),
        principleBlocks(reply.principle, reply.passages),
        shareButton,
        options.sharedBy,
      );
    case 'unknown-principle':
      return finish(`There is no principle "${reply.requested}".`, [
        section(`There is no principle “${escapeSlackText(reply.requested)}”. The principles are:`),
        section(principleList(reply.principles)),
      ]);
    case 'week':
      return finish(
        `Principle of the week (${reply.week}): ${principleHeading(reply.principle)}`,
        [
          context(`Principle of the week (${escapeSlackText(reply.week)})`),
          ...principleBlocks(reply.principle, reply.passage ? [reply.passage] : []),
        ],
        shareButton,
        options.sharedBy,
      );
  }
}

/** One passage found by a button (an alternative), shown as an answer of its own. */
export function renderSuggestion(suggestion: Suggestion, options: RenderOptions = {}): SlackMessage {
  return renderAnswer({ ...suggestion, alternatives: [], truncated: false }, options);
}

interface AnswerView extends Suggestion {
  alternatives: Suggestion[];
  truncated: boolean;
  /** Only a weak fit: the passages are shown as the closest ones (WEAK_ANSWER_LEAD), not as the answer. */
  weak?: true;
}

function renderAnswer(answer: AnswerView, options: RenderOptions): SlackMessage {
  const ref = answerRef(
    answer.passage.id,
    answer.alternatives.map((other) => other.passage.id),
    answer.truncated,
    answer.weak === true,
  );
  const blocks: KnownBlock[] = answer.weak
    ? closestBlocks([answer, ...answer.alternatives])
    : [
        header(principleHeading(answer.principle)),
        ...quoteBlocks(answer.passage),
        context(`In short (our summary, not the guidance’s words): ${escapeSlackText(answer.principle.summary)}`),
      ];
  if (answer.truncated) blocks.push(context(TRUNCATED_NOTE));
  // A weak answer shows its alternatives whole already, so it needs no "Also relevant" nor their buttons.
  if (!answer.weak && answer.alternatives.length > 0) {
    const lines = answer.alternatives.map(
      (other, index) =>
        `${index + 1}. ${escapeSlackText(shorten(other.passage.text, 140))} _(principle ${other.principle.number})_`,
    );
    blocks.push(section(`*Also relevant:*\n${lines.join('\n')}`));
    blocks.push({
      type: 'actions',
      block_id: 'alternatives',
      elements: answer.alternatives.map((other, index) =>
        button(
          `Show alternative ${index + 1}`,
          `show_alternative_${index + 1}`,
          encodeValue(answerRef(other.passage.id)),
        ),
      ),
    });
  }
  const sharedBy = options.sharedBy && isUserId(options.sharedBy) ? options.sharedBy : undefined;
  if (sharedBy) blocks.push(context(`Shared by <@${sharedBy}>`));

  const feedback: FeedbackRef = { r: ref, ...(options.share ? { s: 1 } : {}), ...(sharedBy ? { by: sharedBy } : {}) };
  const actions: Button[] = [];
  if ((options.feedback ?? 'ask') === 'ask') {
    actions.push(button('Helpful', ACTIONS.helpful, encodeValue(feedback)));
    actions.push(button('Not helpful', ACTIONS.notHelpful, encodeValue(feedback)));
  } else {
    blocks.push(context(FEEDBACK_THANKS));
  }
  if (options.share) actions.push(button('Share in channel', ACTIONS.share, encodeValue(ref), 'primary'));
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: 'answer_actions', elements: actions });

  const source = answer.passage.source;
  const lead = answer.weak ? `${WEAK_ANSWER_LEAD} ` : '';
  const text = `${lead}${principleHeading(answer.principle)}: “${answer.passage.text}” — ${citationLine(source)}`;
  return { text: fitText(text, LIMITS.fallbackText), blocks: capBlocks(blocks, LIMITS.blocks) };
}

/** A decline says so plainly and lists the principles. */
function renderDecline(decline: Decline, commandPrefix: string): SlackMessage {
  return finish(`${decline.reason} The principles are listed below.`, [
    section(escapeSlackText(decline.reason)),
    section(principleList(decline.suggestions)),
    context(`Try asking about a post, a reply or an account, or type \`${escapeSlackText(commandPrefix)}help\`.`),
  ]);
}

/** The App Home tab: the principle of the week, the principles, and how to ask. */
export function renderHome(
  week: Extract<Reply, { kind: 'week' }>,
  principles: PrincipleCard[],
  commands: CommandHelp[],
): types.HomeView {
  const blocks: KnownBlock[] = [
    header('Principle of the week'),
    context(escapeSlackText(week.week)),
    ...principleBlocks(week.principle, week.passage ? [week.passage] : []),
    { type: 'divider' },
    header('The principles'),
    section(principleList(principles)),
    { type: 'divider' },
    header('How to ask'),
    section(
      [
        '• *Mention me* in a channel: `@guidance-bot can I reply to this tweet?` I answer in the thread.',
        '• *Message me* here, in the Messages tab.',
        '• *Type* `/guidance` and your question anywhere: only you see the answer, and you can share it.',
        '• *Check a message*: on any message, open ⋮ More actions and choose “Check against the guidance”.',
      ].join('\n'),
    ),
    ...helpBlocks(commands, '/guidance '),
    context('Answers quote the guidance word for word, with their source. Nothing you ask is stored.'),
  ];
  return { type: 'home', blocks: capBlocks(blocks, LIMITS.homeBlocks) };
}

/** A short notice (rate limit, error): a message of one section. */
export function renderNotice(text: string): SlackMessage {
  return { text: fitText(text, LIMITS.fallbackText), blocks: [section(escapeSlackText(text))] };
}

// ---------------------------------------------------------------- building blocks

function principleBlocks(principle: PrincipleCard, passages: QuotedPassage[]): KnownBlock[] {
  const shown = passages.slice(0, PASSAGES_SHOWN);
  const blocks: KnownBlock[] = [
    header(principleHeading(principle)),
    context(`In short (our summary, not the guidance’s words): ${escapeSlackText(principle.summary)}`),
    ...shown.flatMap((passage) => quoteBlocks(passage)),
  ];
  const more = passages.length - shown.length;
  if (more > 0) {
    blocks.push(context(`… and ${more} more passages under this principle. Ask a question to find the one that fits.`));
  }
  return blocks;
}

function helpBlocks(commands: CommandHelp[], prefix: string): KnownBlock[] {
  const lines = commands.map(
    (command) => `• \`${escapeSlackText(`${prefix}${command.usage}`)}\` — ${escapeSlackText(command.description)}`,
  );
  return [
    section(
      `Ask whether and how to post, reply or comment, and I will quote the guidance that applies.\n${lines.join('\n')}`,
    ),
  ];
}

/**
 * A weak answer: the guidance may not cover the question, so the best passage and its alternatives
 * are listed as the closest passages, each with its principle, quote and source.
 */
function closestBlocks(closest: Suggestion[]): KnownBlock[] {
  return [
    section(escapeSlackText(WEAK_ANSWER_LEAD)),
    ...closest.flatMap((suggestion, index) => [
      section(`*${index + 1}. ${escapeSlackText(principleHeading(suggestion.principle))}*`),
      ...quoteBlocks(suggestion.passage),
    ]),
  ];
}

/** The passage as a quote, then its source (document, edition, section, link, licence) as context. */
function quoteBlocks(passage: QuotedPassage): KnownBlock[] {
  const quote = fitText(passage.text, LIMITS.sectionText, (text) =>
    text
      .split('\n')
      .map(
        (line, index, all) =>
          `> ${index === 0 ? '“' : ''}${escapeSlackText(line)}${index === all.length - 1 ? '”' : ''}`,
      )
      .join('\n'),
  );
  return [section(quote), context(sourceLine(passage.source))];
}

function sourceLine(source: Citation): string {
  const link = safeLink(source.url);
  const parts = [escapeSlackText(citationLine(source))];
  if (link) parts.push(`<${link}|${escapeSlackText(new URL(link).hostname)}>`);
  if (source.licence) parts.push(escapeSlackText(source.licence));
  return fitText(parts.join(' · '), LIMITS.sectionText, (text) => text);
}

function principleList(principles: PrincipleRef[]): string {
  return fitText(
    principles.map((principle) => `*${principle.number}.* ${escapeSlackText(principle.title)}`).join('\n'),
    LIMITS.sectionText,
    (text) => text,
  );
}

function principleHeading(principle: PrincipleRef): string {
  return `Principle ${principle.number}: ${principle.title}`;
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: fitText(text, LIMITS.headerText), emoji: false } };
}

/** A mrkdwn section; `mrkdwn` must already be escaped. */
function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fitText(mrkdwn, LIMITS.sectionText, (text) => text) } };
}

/** A context line; `mrkdwn` must already be escaped. */
function context(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fitText(mrkdwn, LIMITS.sectionText, (text) => text) }] };
}

function button(text: string, actionId: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: fitText(text, LIMITS.buttonText), emoji: false },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** A message from blocks, with an actions block for `share` and a credit for `sharedBy` when given. */
function finish(text: string, blocks: KnownBlock[], share?: Button, sharedBy?: string): SlackMessage {
  const all = [...blocks];
  if (sharedBy && isUserId(sharedBy)) all.push(context(`Shared by <@${sharedBy}>`));
  if (share) all.push({ type: 'actions', block_id: 'reply_actions', elements: [share] });
  return { text: fitText(text, LIMITS.fallbackText), blocks: capBlocks(all, LIMITS.blocks) };
}

/** Keeps the last block (the buttons) when a message would be over the limit. */
function capBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1] as KnownBlock;
  return last.type === 'actions' ? [...blocks.slice(0, max - 1), last] : blocks.slice(0, max);
}

function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= limit ? `“${flat}”` : `“${flat.slice(0, limit - 1).replace(/\s+\S*$/, '')}…”`;
}
