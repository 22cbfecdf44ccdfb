import { createHash } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  type ConversationReference,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionAttachment,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { decodeHTML } from 'entities';
import {
  CHECK_ACTION_NAME,
  CHECK_EMPTY_MESSAGE,
  CHECK_LEAD,
  CHECK_NOT_A_MESSAGE,
  CHECK_QUESTION,
  type ConversationStore,
  type Core,
  citationLine,
  type DeliveryLog,
  excerpt,
  FEEDBACK_THANKS,
  type FeedbackStore,
  type Logger,
  PASSAGE_GONE,
  parseCommand,
  principleHeading,
  RATE_LIMITED,
  SEARCH_EMPTY,
  type Suggestion,
  UNKNOWN_COMMAND,
  WEEKLY_OFF,
  WEEKLY_ON,
  welcome,
} from '../../src/index.js';
import { isObject } from '../is-object.js';
import type { RateLimiter } from '../rate-limit.js';
import { parseAnswerRef, replyFromRef } from '../reply-refs.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  answerCard,
  type CardAction,
  cardAttachment,
  escapeMarkdown,
  noticeCard,
  replyCard,
  suggestionCard,
  summaryText,
} from './cards.js';
import { conversationKey, storableReference } from './conversations.js';

/** Ids that tie the bot to manifest/teams/manifest.json (a test keeps them in step). */
export const SEARCH_COMMAND_ID = 'searchGuidance';
export const CHECK_COMMAND_ID = 'checkMessage';

export interface GuidanceBotOptions {
  core: Core;
  /**
   * Answers the search extension. Default `core`. Teams sends a query as the person types, so the
   * composition root gives the core that does not count questions here.
   */
  searchCore?: Core;
  conversations: ConversationStore;
  feedback: FeedbackStore;
  /** Lower-case tenant ids to answer; empty means every tenant. */
  allowedTenants: readonly string[];
  logger: Logger;
  /** Activities already handled (shared with Slack's deliveries): one reply per activity, one vote per person. */
  deliveries: DeliveryLog;
  /** Questions per person per minute (shared with Slack). */
  rateLimiter: RateLimiter;
  /**
   * How many active conversations one tenant may add (for the weekly post). Default: no limit, as
   * installs come signed by Microsoft; running anonymously, anyone who can reach the bot could add them.
   */
  maxConversationsPerTenant?: number;
}

/**
 * The Teams surfaces: chats and channels, card buttons, the search extension, the "Check against
 * the guidance" message action, and installs. Knows Teams, not HTTP (server.ts does that).
 */
export class GuidanceBot extends TeamsActivityHandler {
  private readonly core: Core;
  private readonly searchCore: Core;
  private readonly conversations: ConversationStore;
  private readonly feedback: FeedbackStore;
  private readonly allowedTenants: ReadonlySet<string>;
  private readonly logger: Logger;
  private readonly maxConversationsPerTenant: number;
  private readonly deliveries: DeliveryLog;
  private readonly rateLimiter: RateLimiter;

  constructor(options: GuidanceBotOptions) {
    super();
    this.core = options.core;
    this.searchCore = options.searchCore ?? options.core;
    this.conversations = options.conversations;
    this.feedback = options.feedback;
    this.allowedTenants = new Set(options.allowedTenants.map((tenant) => tenant.toLowerCase()));
    this.logger = options.logger;
    this.maxConversationsPerTenant = options.maxConversationsPerTenant ?? Number.POSITIVE_INFINITY;
    this.deliveries = options.deliveries;
    this.rateLimiter = options.rateLimiter;

    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id)) {
        await this.installed(context);
      }
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((member) => member.id === context.activity.recipient.id)) {
        await this.uninstalled(context);
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.installed(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.uninstalled(context);
      await next();
    });
  }

  /** The tenant allow-list comes first: other tenants get no answer and are not remembered. */
  override async run(context: TurnContext): Promise<void> {
    const tenant = tenantOf(context.activity);
    if (this.allowedTenants.size > 0 && !(tenant && this.allowedTenants.has(tenant))) {
      this.logger.warn(`ignored a ${context.activity.type} activity from a tenant not in TEAMS_ALLOWED_TENANTS`);
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      }
      return;
    }
    // The same activity delivered twice (a retry, or a double send) is answered once.
    const { type, id, conversation } = context.activity;
    if ((type === ActivityTypes.Message || type === ActivityTypes.Invoke) && id && conversation?.id) {
      const first = await this.deliveries.claim(`teams:${hashed(conversationKey(conversation.id), id)}`);
      if (!first) {
        this.logger.info(`dropped a repeated delivery of a ${type} activity`);
        if (type === ActivityTypes.Invoke) {
          await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
        }
        return;
      }
    }
    await super.run(context);
  }

  /** Chats, channels (mention stripped) and group chats: commands and questions, answered in place. */
  private async answerMessage(context: TurnContext): Promise<void> {
    const action = readCardAction(context.activity.value);
    if (action) {
      await this.cardButton(context, action);
      return;
    }
    const question = questionFrom(context.activity);
    if (isOnlyMarkupOrCard(context.activity, question)) {
      this.logger.debug('ignored a message with no words of its own (markup or an inserted card)');
      return;
    }
    if (!this.rateLimiter.take(`teams:${personOf(context.activity)}`)) {
      await context.sendActivity({ type: ActivityTypes.Message, text: RATE_LIMITED, textFormat: 'plain' });
      return;
    }
    const command = parseCommand(question);
    if (command.name === 'weekly') {
      await this.switchWeekly(context, command.switch);
      return;
    }
    const reply = question ? this.core.respond(question) : this.core.respond('help');
    this.logger.debug(`answered a ${conversationType(context.activity)} message with a ${reply.kind} card`);
    await sendCard(context, replyCard(reply, { presentation: this.core.presentation }), summaryText(reply));
  }

  /** `weekly on` / `weekly off` switch this conversation's principle of the week; `weekly` says which. */
  private async switchWeekly(context: TurnContext, command: 'on' | 'off' | 'show'): Promise<void> {
    const reference = storableReference(context.activity);
    const id = reference.conversation?.id;
    if (!id) return;
    const key = conversationKey(id);
    let stored = await this.conversations.get('teams', key);
    // A conversation the bot never heard being added to (or marked gone) is here now: remember it.
    if (!stored?.active) {
      await this.remember(key, reference);
      stored = await this.conversations.get('teams', key);
    }
    if (command !== 'show') await this.conversations.setWeekly('teams', key, command === 'on');
    const on = command === 'show' ? stored?.weekly !== false : command === 'on';
    this.logger.info(
      `weekly post ${command === 'show' ? 'shown as' : 'switched'} ${on ? 'on' : 'off'} in a conversation`,
    );
    const text = on ? WEEKLY_ON : WEEKLY_OFF;
    await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'plain' });
  }

  /** Helpful / Not helpful (recorded: passage id and verdict only) and the alternative answers. */
  private async cardButton(context: TurnContext, action: CardAction): Promise<void> {
    if (action.action === 'feedback') {
      await this.vote(context, action);
      return;
    }
    const suggestion = this.core.passage(action.passageId);
    if (!suggestion) {
      await context.sendActivity({ type: ActivityTypes.Message, text: PASSAGE_GONE, textFormat: 'plain' });
      return;
    }
    const card = suggestionCard(suggestion);
    await sendCard(context, card, card.fallbackText);
  }

  /**
   * Helpful / Not helpful: one vote per person per answer (a repeat press changes nothing), counted by
   * passage only, and shown in place of the buttons on the answer's own card. Nothing new is posted.
   */
  private async vote(context: TurnContext, action: Extract<CardAction, { action: 'feedback' }>): Promise<void> {
    const answer = context.activity.replyToId;
    const key = `teams-vote:${hashed(personOf(context.activity), answer ?? action.passageId)}`;
    if (this.core.passage(action.passageId) && (await this.deliveries.claim(key))) {
      await this.feedback.record(action.passageId, action.verdict);
    }
    const reply = action.r ? replyFromRef(this.core, action.r) : undefined;
    if (!answer || reply?.kind !== 'answer') return;
    await context.updateActivity({
      type: ActivityTypes.Message,
      id: answer,
      summary: summaryText(reply),
      attachments: [
        cardAttachment(answerCard(reply.result, { voted: action.verdict, presentation: this.core.presentation })),
      ],
    });
  }

  /** Bot added to a team, chat or personal scope: remember the conversation, welcome once. */
  private async installed(context: TurnContext): Promise<void> {
    const reference = storableReference(context.activity);
    const id = reference.conversation?.id;
    const isNew = id ? await this.remember(conversationKey(id), reference) : false;
    this.logger.info(`added to a ${conversationType(context.activity)} conversation`);
    if (isNew)
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: welcome(this.core.presentation),
        textFormat: 'plain',
      });
  }

  /** Remembers a conversation unless its tenant already has as many as it may; true when it was new. */
  private async remember(key: string, reference: Partial<ConversationReference>): Promise<boolean> {
    if (Number.isFinite(this.maxConversationsPerTenant)) {
      const tenant = reference.conversation?.tenantId ?? '';
      const known = await this.conversations.get('teams', key);
      if (!known?.active) {
        const active = await this.conversations.list('teams', { active: true });
        const ofTenant = active.filter(
          (stored) => ((stored.reference as Partial<ConversationReference>).conversation?.tenantId ?? '') === tenant,
        ).length;
        if (ofTenant >= this.maxConversationsPerTenant) {
          this.logger.warn(
            `not remembering a conversation: its tenant already has ${ofTenant} (the limit when running anonymously)`,
          );
          return false;
        }
      }
    }
    return this.conversations.remember('teams', key, reference);
  }

  private async uninstalled(context: TurnContext): Promise<void> {
    const id = context.activity.conversation?.id;
    if (id) await this.conversations.deactivate('teams', conversationKey(id), 'removed');
    this.logger.info(`removed from a ${conversationType(context.activity)} conversation`);
  }

  /** The search extension: the best passage and its alternatives, each a card to insert. */
  protected override async handleTeamsMessagingExtensionQuery(
    _context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    if (query.commandId !== SEARCH_COMMAND_ID) return messageResponse(UNKNOWN_COMMAND);
    const text = (query.parameters ?? [])
      .filter((parameter) => parameter.name !== 'initialRun' && typeof parameter.value === 'string')
      .map((parameter) => parameter.value as string)
      .join(' ')
      .trim();
    if (!text) return messageResponse(SEARCH_EMPTY);
    const result = this.searchCore.answer({ question: text });
    if (!result.answered) return messageResponse(result.reason);
    const found: Suggestion[] = [result, ...result.alternatives];
    const skip = query.queryOptions?.skip ?? 0;
    const count = query.queryOptions?.count ?? found.length;
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: found.slice(skip, skip + count).map(searchResult),
      },
    };
  }

  /** Picking a search result inserts that passage's card. */
  protected override async handleTeamsMessagingExtensionSelectItem(
    _context: TurnContext,
    value: unknown,
  ): Promise<MessagingExtensionResponse> {
    const passageId = isObject(value) && typeof value.passageId === 'string' ? value.passageId : undefined;
    const suggestion = passageId ? this.core.passage(passageId) : undefined;
    if (!suggestion) return messageResponse(PASSAGE_GONE);
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [searchResult(suggestion)] } };
  }

  /**
   * The message action: the message's text is the context, the question is "Can I reply to this?",
   * and the answer opens in a dialog that only the person who used the action sees.
   */
  protected override async handleTeamsMessagingExtensionFetchTask(
    _context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== CHECK_COMMAND_ID) return taskMessage(UNKNOWN_COMMAND);
    const body = action.messagePayload?.body;
    if (action.commandContext !== 'message' || !body) return taskCard(noticeCard(CHECK_NOT_A_MESSAGE));
    const messageText = body.contentType === 'html' ? htmlToText(body.content ?? '') : (body.content ?? '').trim();
    if (!messageText) return taskCard(noticeCard(CHECK_EMPTY_MESSAGE));
    const result = this.core.answer({ question: CHECK_QUESTION, context: messageText });
    this.logger.debug(`checked a message: ${result.answered ? 'answered' : 'declined'}`);
    return taskCard(answerCard(result, { lead: CHECK_LEAD, presentation: this.core.presentation }));
  }

  /** Buttons pressed inside the message action's dialog. Nothing is posted to the conversation. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const pressed = readCardAction(action.data);
    if (action.commandId !== CHECK_COMMAND_ID || !pressed) return {};
    if (pressed.action === 'feedback') {
      // In the dialog there is no answer message to key on: one vote per person per passage.
      const key = `teams-vote:${hashed(personOf(context.activity), 'dialog', pressed.passageId)}`;
      if (this.core.passage(pressed.passageId) && (await this.deliveries.claim(key))) {
        await this.feedback.record(pressed.passageId, pressed.verdict);
      }
      return taskCard(noticeCard(FEEDBACK_THANKS));
    }
    const suggestion = this.core.passage(pressed.passageId);
    return taskCard(suggestion ? suggestionCard(suggestion) : noticeCard(PASSAGE_GONE));
  }
}

/** The question in a message: the bot's own @mention removed, other mentions reduced to names, markup dropped. */
export function questionFrom(activity: Activity): string {
  if (typeof activity.text !== 'string') return '';
  if (activity.recipient?.id) TurnContext.removeRecipientMention(activity);
  return htmlToText(activity.text.replace(/<at[^>]*>(.*?)<\/at>/gi, '$1'))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A message with nothing to answer in it: only markup, or a card someone inserted (from the search
 * extension, say) with no words of their own. Not a bare @mention, which asks for help.
 */
export function isOnlyMarkupOrCard(activity: Activity, question: string): boolean {
  if (question) return false;
  const hasCard = (activity.attachments ?? []).some((attachment) => attachment.contentType !== 'text/html');
  const hadMarkup = typeof activity.text === 'string' && /<(?!at[\s>])[a-z][^>]*>/i.test(activity.text);
  return hasCard || hadMarkup;
}

/** Plain text of a Teams message body: tags dropped, block ends kept as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** A button's data, or undefined for anything that is not one of ours. */
export function readCardAction(value: unknown): CardAction | undefined {
  if (!isObject(value) || typeof value.passageId !== 'string') return undefined;
  const passageId = value.passageId;
  if (passageId.length === 0 || passageId.length > 200) return undefined;
  if (value.action === 'alternative') return { action: 'alternative', passageId };
  if (value.action === 'feedback' && (value.verdict === 'helpful' || value.verdict === 'not-helpful')) {
    const r = parseAnswerRef(value.r);
    return { action: 'feedback', passageId, verdict: value.verdict, ...(r ? { r } : {}) };
  }
  return undefined;
}

/** Who sent an activity: their Entra object id where Teams gives it, else their Teams id. */
function personOf(activity: Activity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
}

/** A key from ids that says nothing about whose they are (delivery records keep no person). */
function hashed(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);
}

function tenantOf(activity: Activity): string | undefined {
  const channelData: unknown = activity.channelData;
  const fromChannelData =
    isObject(channelData) && isObject(channelData.tenant) && typeof channelData.tenant.id === 'string'
      ? channelData.tenant.id
      : undefined;
  return (fromChannelData ?? activity.conversation?.tenantId)?.toLowerCase();
}

function conversationType(activity: Activity): string {
  return activity.conversation?.conversationType ?? 'unknown';
}

async function sendCard(context: TurnContext, card: AdaptiveCard, summary: string): Promise<void> {
  const message: Partial<Activity> = {
    type: ActivityTypes.Message,
    summary: summary.length > 200 ? `${summary.slice(0, 199)}…` : summary,
    attachments: [cardAttachment(card)],
  };
  await context.sendActivity(message);
}

/**
 * One search result: the card to insert (complete, in `content`), and its preview in the list. The
 * results differ by their quote, so that is the title; principle and source are the subtitle. No `tap`:
 * Microsoft's client refuses a preview with an invoke tap ("Unable to reach app"), and the card it
 * would fetch is already here.
 */
function searchResult(suggestion: Suggestion): MessagingExtensionAttachment {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: suggestionCard(suggestion, { buttons: false }),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: escapeMarkdown(excerpt(suggestion.passage.text, 120)),
        subtitle: escapeMarkdown(
          `${principleHeading(suggestion.principle)} · ${citationLine(suggestion.passage.source)}`,
        ),
      },
    },
  };
}

function messageResponse(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

function taskCard(card: AdaptiveCard): MessagingExtensionActionResponse {
  return {
    task: { type: 'continue', value: { title: CHECK_ACTION_NAME, width: 'medium', card: cardAttachment(card) } },
  };
}

function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}
