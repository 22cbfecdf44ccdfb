import type { types } from '@slack/bolt';
import {
  type AnswerShown,
  answerView,
  BUTTONS,
  type CommandHelp,
  type ContactLine,
  FEEDBACK_THANKS,
  homeView,
  type Presentation,
  type PrincipleRef,
  present,
  type Reply,
  type Suggestion,
  type Surface,
  type View,
  type ViewPart,
  type Where,
} from '../../src/index.js';
import { answerRef, refOf } from '../reply-refs.js';
import { encodeValue, type FeedbackRef, isUserId } from './button-values.js';
import { ACTIONS, SLASH_COMMAND } from './constants.js';
import { escapeSlackText, fitText, safeLink } from './escape.js';

// Pure: the core's views (src/present) as Slack messages ({ text, blocks }). The words are the core's;
// here everything is escaped (escape.ts) and fitted to Slack's limits.

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

/** The ways to reach the bot in Slack, for help and the Home tab. */
export const SLACK_SURFACES: readonly Surface[] = [
  { kind: 'mention', name: '@guidance-bot' },
  { kind: 'direct', where: 'directly, in my Messages tab' },
  { kind: 'command', name: SLASH_COMMAND },
  { kind: 'message-action', menu: '⋮ More actions' },
];

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
  /** How commands are typed where this is shown: "/guidance " (the default), "@guidance-bot ", "" in a DM. */
  commandPrefix?: string;
  /** When the reply was made (for the principle of the week, when shared later). Default: now. */
  date?: Date;
  /** A line (plain text, ours) shown above the reply, saying why it arrived where it did. */
  note?: string;
  /** core.presentation: what help says about privacy, and the contact on declines and doubtful answers. */
  presentation?: Presentation;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const message =
    reply.kind === 'answer' && reply.result.answered
      ? renderAnswer(reply.result, options)
      : renderOther(reply, options);
  if (!options.note) return message;
  return {
    text: message.text,
    blocks: capBlocks([context(escapeSlackText(options.note)), ...message.blocks], LIMITS.blocks),
  };
}

/** One passage found by a button (an alternative), shown as an answer of its own. */
export function renderSuggestion(suggestion: Suggestion, options: RenderOptions = {}): SlackMessage {
  return renderAnswer(suggestion, options);
}

/** The App Home tab: the principle of the week, the principles, how to ask, and what is kept. */
export function renderHome(
  week: Extract<Reply, { kind: 'week' }>,
  principles: PrincipleRef[],
  commands: CommandHelp[],
  presentation: Presentation,
): types.HomeView {
  const view = homeView(week, principles, commands, { ...where({ presentation }), commandPrefix: `${SLASH_COMMAND} ` });
  return { type: 'home', blocks: capBlocks(blocksOf(view), LIMITS.homeBlocks) };
}

/** A short notice (rate limit, error): a message of one section. */
export function renderNotice(text: string): SlackMessage {
  return { text: fitText(text, LIMITS.fallbackText), blocks: [section(escapeSlackText(text))] };
}

function where(options: RenderOptions): Where {
  return {
    commandPrefix: options.commandPrefix ?? `${SLASH_COMMAND} `,
    surfaces: SLACK_SURFACES,
    ...(options.presentation ? { presentation: options.presentation } : {}),
  };
}

function renderAnswer(answer: AnswerShown | Suggestion, options: RenderOptions): SlackMessage {
  const view = answerView(answer, where(options));

  const shown: AnswerShown = { alternatives: [], truncated: false, ...answer };
  const ref = answerRef(
    shown.passage.id,
    shown.alternatives.map((other) => other.passage.id),
    shown.truncated,
    shown.weak === true,
  );
  const blocks = blocksOf(view);
  const alternatives = view.actions.alternatives ?? [];
  if (alternatives.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'alternatives',
      elements: alternatives.map((id, index) =>
        button(BUTTONS.alternative(index + 1), `show_alternative_${index + 1}`, encodeValue(answerRef(id))),
      ),
    });
  }
  const sharedBy = options.sharedBy && isUserId(options.sharedBy) ? options.sharedBy : undefined;
  if (sharedBy) blocks.push(context(`Shared by <@${sharedBy}>`));

  const feedback: FeedbackRef = { r: ref, ...(options.share ? { s: 1 } : {}), ...(sharedBy ? { by: sharedBy } : {}) };
  const actions: Button[] = [];
  if ((options.feedback ?? 'ask') === 'ask') {
    actions.push(button(BUTTONS.helpful, ACTIONS.helpful, encodeValue(feedback)));
    actions.push(button(BUTTONS.notHelpful, ACTIONS.notHelpful, encodeValue(feedback)));
  } else {
    blocks.push(context(escapeSlackText(FEEDBACK_THANKS)));
  }
  if (options.share) actions.push(button(BUTTONS.share, ACTIONS.share, encodeValue(ref), 'primary'));
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: 'answer_actions', elements: actions });
  return { text: fitText(view.plain, LIMITS.fallbackText), blocks: capBlocks(blocks, LIMITS.blocks) };
}

/** Declines, commands and the principle of the week; all but declines can be shared. */
function renderOther(reply: Reply, options: RenderOptions): SlackMessage {
  const view: View = present(reply, where(options));
  const blocks = blocksOf(view);
  if (options.sharedBy && isUserId(options.sharedBy)) blocks.push(context(`Shared by <@${options.sharedBy}>`));
  const shareRef = options.share ? refOf(reply, options.date ?? new Date()) : undefined;
  if (shareRef) {
    const share = button(BUTTONS.share, ACTIONS.share, encodeValue(shareRef), 'primary');
    blocks.push({ type: 'actions', block_id: 'reply_actions', elements: [share] });
  }
  return { text: fitText(view.plain, LIMITS.fallbackText), blocks: capBlocks(blocks, LIMITS.blocks) };
}

// ---------------------------------------------------------------- building blocks

function blocksOf(view: View): KnownBlock[] {
  return view.parts.flatMap(partBlocks);
}

function partBlocks(part: ViewPart): KnownBlock[] {
  switch (part.type) {
    case 'heading':
      return [header(part.text)];
    case 'lead':
    case 'text':
      return [section(escapeSlackText(part.text))];
    case 'subheading':
      return [section(`*${escapeSlackText(part.text)}*`)];
    case 'note':
    case 'ours':
      return [context(escapeSlackText(part.text))];
    case 'quote':
      return [section(quoteText(part.text)), context(sourceLine(part))];
    case 'list': {
      const lines = part.items.map((item) => `${part.bullets ? '• ' : ''}${escapeSlackText(item)}`);
      return [section([...(part.title ? [`*${escapeSlackText(part.title)}*`] : []), ...lines].join('\n'))];
    }
    case 'commands':
      return [
        section(
          part.commands
            .map((command) => `• \`${escapeSlackText(command.usage)}\` — ${escapeSlackText(command.description)}`)
            .join('\n'),
        ),
      ];
    case 'contact':
      return [context(contactText(part.line))];
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/** The passage as a Slack quote (every line "> "), in quotation marks, cut to fit a section. */
function quoteText(text: string): string {
  return fitText(text, LIMITS.sectionText, (raw) =>
    raw
      .split('\n')
      .map(
        (line, index, all) =>
          `> ${index === 0 ? '“' : ''}${escapeSlackText(line)}${index === all.length - 1 ? '”' : ''}`,
      )
      .join('\n'),
  );
}

/** Document, edition and section; a link to it; its licence. */
function sourceLine(quote: Extract<ViewPart, { type: 'quote' }>): string {
  const link = safeLink(quote.url);
  const parts = [escapeSlackText(quote.citation)];
  if (link) parts.push(`<${link}|${escapeSlackText(new URL(link).hostname)}>`);
  if (quote.licence) parts.push(escapeSlackText(quote.licence));
  return fitText(parts.join(' · '), LIMITS.sectionText, (text) => text);
}

function contactText(line: ContactLine): string {
  const link = line.link && /^(?:https?:\/\/|mailto:)[^\s<>|]+$/.test(line.link) ? line.link : undefined;
  const where = link ? `<${link}|${escapeSlackText(line.where)}>` : escapeSlackText(line.where);
  return `${escapeSlackText(line.lead)}${where}${escapeSlackText(line.end)}`;
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

/** Keeps the last block (the buttons) when a message would be over the limit. */
function capBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1] as KnownBlock;
  return last.type === 'actions' ? [...blocks.slice(0, max - 1), last] : blocks.slice(0, max);
}
