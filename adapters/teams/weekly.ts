import { type Activity, ActivityTypes, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { type ConversationStore, PublishError, type WeeklyPublisher, type WeekReply } from '../../src/index.js';
import { cardAttachment, replyCard, summaryText } from './cards.js';
import { readConnectorError } from './connector-errors.js';
import { ConnectorTimeoutError, withConnectorTimeout } from './connector-timeout.js';
import { conversationKey } from './conversations.js';
import { withoutConnectorRetries } from './retrying-sends.js';

// The principle of the week in Teams: the week card, sent proactively to every remembered team or chat
// where the weekly post is on. Bots cannot pin in Teams, so there is nothing to unpin.
//
// botframework-connector 4.23 (its @azure/core-rest-pipeline client) retries on its own: a 429 (after
// Retry-After), 500, 502, 503, 504 and a dropped connection are each sent 4 times in all (measured with
// the connector stand-in; test/weekly/teams.test.ts keeps it measured). Re-sending a 500 or a lost
// response can post the card twice, and the round's own retries would multiply the rest, so the weekly
// post's connector client has that retry policy taken out, and the round alone retries what is safe.

export interface TeamsWeeklyOptions {
  adapter: CloudAdapter;
  /** MicrosoftAppId; empty when the bot runs anonymously (TEAMS_ALLOW_ANONYMOUS, local development). */
  appId: string;
  conversations: ConversationStore;
  /** The longest Retry-After worth honouring; longer waits are cut to this. Default 60 s. */
  maxRetryAfterMs?: number;
  /**
   * How long one post may take, all in. Default 8 s: a backstop behind the connector call's own limit
   * (connector-timeout.ts), kept inside main.ts's 10 s shutdown grace. One hung post would otherwise
   * hold up the round, every later one, and shutdown.
   */
  sendTimeoutMs?: number;
}

export function createTeamsWeeklyPublisher(options: TeamsWeeklyOptions): WeeklyPublisher {
  const { adapter, appId, conversations } = options;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 8_000;
  return {
    platform: 'teams',
    async destinations() {
      const list = await conversations.list('teams', { active: true, weekly: true });
      return list.map((conversation) => conversation.id);
    },
    async publish(conversation: string, week: WeekReply) {
      const stored = await conversations.get('teams', conversation);
      if (!stored) throw new PublishError('not-posted', 'not remembered');
      let messageId: string | undefined;
      let sendError: unknown;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timed out'>((resolve) => {
        timer = setTimeout(() => resolve('timed out'), sendTimeoutMs);
      });
      try {
        const sending = adapter.continueConversationAsync(appId, postReference(stored.reference), async (context) => {
          withoutConnectorRetries(context, adapter);
          withConnectorTimeout(context, adapter);
          const card: Partial<Activity> = {
            type: ActivityTypes.Message,
            summary: summaryText(week),
            attachments: [cardAttachment(replyCard(week))],
          };
          // Caught here, not thrown: a turn's error goes to the adapter's onTurnError, which would
          // swallow it and post an apology into the conversation.
          try {
            messageId = (await context.sendActivity(card))?.id;
          } catch (error) {
            sendError = error;
          }
        });
        // Timed out: Teams may yet take the card, so it counts as maybe posted, and is not sent again.
        if ((await Promise.race([sending, timedOut])) === 'timed out') {
          throw new PublishError('unknown', `no answer from Teams within ${sendTimeoutMs / 1000} s`);
        }
      } catch (error) {
        if (error instanceof PublishError) throw error;
        // Before the turn: the connector client or the bot's token could not be had. Nothing was sent.
        throw new PublishError('retry', `could not reach Teams (${errorName(error)})`);
      } finally {
        clearTimeout(timer);
      }
      if (sendError) throw publishError(sendError, maxRetryAfterMs);
      return { ...(messageId ? { messageId } : {}), pinned: false };
    },
  };
}

/**
 * Where a new post goes: the conversation itself (a channel, not the thread the reference was taken in),
 * not under the activity the reference was taken from.
 */
function postReference(reference: unknown): Partial<ConversationReference> {
  const { activityId: _reply, ...rest } = reference as Partial<ConversationReference>;
  const conversation = rest.conversation;
  return conversation ? { ...rest, conversation: { ...conversation, id: conversationKey(conversation.id) } } : rest;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

/** A connector error as the round handles it: see PublishFailure. */
export function publishError(error: unknown, maxRetryAfterMs = 60_000): PublishError {
  const { failure, status, retryAfterMs } = readConnectorError(error);
  if (error instanceof ConnectorTimeoutError) return new PublishError('unknown', error.message);
  if (status === undefined) {
    const { code, errorCode } = (error ?? {}) as { code?: unknown; errorCode?: unknown };
    const said = typeof errorCode === 'string' ? errorCode : typeof code === 'string' ? code : 'no response';
    // retry: no token, or the connector unreachable (nothing sent); unknown: Teams may have the card.
    return new PublishError(failure === 'retry' ? 'retry' : 'unknown', said);
  }
  const code = `HTTP ${status}`;
  switch (failure) {
    case 'retry':
      return new PublishError(
        'retry',
        code,
        retryAfterMs === undefined ? undefined : Math.min(retryAfterMs, maxRetryAfterMs),
      );
    case 'gone':
      return new PublishError('gone', code);
    case 'refused':
      return new PublishError('not-posted', code);
    default:
      // 500 and anything unexpected: Teams may have posted before failing.
      return new PublishError('unknown', code);
  }
}
