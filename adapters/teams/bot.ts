import {
  ActivityTypes,
  type ConversationReference,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import {
  type ConversationStore,
  type Core,
  type DeliveryLog,
  type FeedbackStore,
  type Logger,
  parseCommand,
  RATE_LIMITED,
  WEEKLY_OFF,
  WEEKLY_ON,
  welcome,
} from '../../src/index.js';
import type { RateLimiter } from '../rate-limit.js';
import {
  conversationType,
  hashed,
  isOnlyMarkupOrCard,
  personOf,
  questionFrom,
  sendCard,
  sendText,
  tenantOf,
} from './activities.js';
import { answerCardButton, readCardAction } from './card-buttons.js';
import { replyCard, summaryText } from './cards.js';
import { conversationKey, storableReference } from './conversations.js';
import {
  checkDialogButton,
  checkMessage,
  type MessagingExtensionDeps,
  searchResults,
  selectedSearchResult,
} from './messaging-extension.js';

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
 * The Teams surfaces: chats and channels, card buttons (card-buttons.ts), the search extension and the
 * "Check against the guidance" message action (messaging-extension.ts), and installs. Here: which
 * tenants are answered, each activity once, messages and commands, and the conversations the bot is in.
 * Knows Teams, not HTTP (endpoint.ts does that).
 */
export class GuidanceBot extends TeamsActivityHandler {
  private readonly core: Core;
  private readonly conversations: ConversationStore;
  private readonly allowedTenants: ReadonlySet<string>;
  private readonly logger: Logger;
  private readonly maxConversationsPerTenant: number;
  private readonly deliveries: DeliveryLog;
  private readonly rateLimiter: RateLimiter;
  /** What the card buttons and the messaging extension (card-buttons.ts, messaging-extension.ts) use. */
  private readonly extension: MessagingExtensionDeps;

  constructor(options: GuidanceBotOptions) {
    super();
    this.core = options.core;
    this.conversations = options.conversations;
    this.allowedTenants = new Set(options.allowedTenants.map((tenant) => tenant.toLowerCase()));
    this.logger = options.logger;
    this.maxConversationsPerTenant = options.maxConversationsPerTenant ?? Number.POSITIVE_INFINITY;
    this.deliveries = options.deliveries;
    this.rateLimiter = options.rateLimiter;
    this.extension = {
      core: options.core,
      searchCore: options.searchCore ?? options.core,
      feedback: options.feedback,
      deliveries: options.deliveries,
      logger: options.logger,
    };

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
      await answerCardButton(this.extension, context, action);
      return;
    }
    const question = questionFrom(context.activity);
    if (isOnlyMarkupOrCard(context.activity, question)) {
      this.logger.debug('ignored a message with no words of its own (markup or an inserted card)');
      return;
    }
    if (!this.rateLimiter.take(`teams:${personOf(context.activity)}`)) {
      await sendText(context, RATE_LIMITED);
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
    await sendText(context, on ? WEEKLY_ON : WEEKLY_OFF);
  }

  /** Bot added to a team, chat or personal scope: remember the conversation, welcome once. */
  private async installed(context: TurnContext): Promise<void> {
    const reference = storableReference(context.activity);
    const id = reference.conversation?.id;
    const isNew = id ? await this.remember(conversationKey(id), reference) : false;
    this.logger.info(`added to a ${conversationType(context.activity)} conversation`);
    if (isNew) await sendText(context, welcome(this.core.presentation));
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
    return searchResults(this.extension, query);
  }

  /** Picking a search result inserts that passage's card. */
  protected override async handleTeamsMessagingExtensionSelectItem(
    _context: TurnContext,
    value: unknown,
  ): Promise<MessagingExtensionResponse> {
    return selectedSearchResult(this.extension, value);
  }

  /** The "Check against the guidance" message action: its answer opens in a dialog. */
  protected override async handleTeamsMessagingExtensionFetchTask(
    _context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return checkMessage(this.extension, action);
  }

  /** Buttons pressed inside the message action's dialog. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return checkDialogButton(this.extension, context, action);
  }
}
