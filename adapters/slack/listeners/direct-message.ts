import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { RATE_LIMITED } from '../../../src/index.js';
import { plainTextFromSlack } from '../escape.js';
import { renderNotice, renderReply } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>;

/** A person's own new message in a DM with the bot. */
interface DirectMessage {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
}

/** Subtypes of messages people write: a plain message has none. */
const WRITTEN_BY_A_PERSON = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * Only new messages people write count: other subtypes (bot_message, message_changed, message_deleted…)
 * and anything with a bot_id (another app's message, even without a subtype) are ignored, and so is the
 * bot's own.
 */
export function asDirectMessage(event: unknown): DirectMessage | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const message = event as Record<string, unknown>;
  if (message.channel_type !== 'im' || message.bot_id !== undefined) return undefined;
  if (!WRITTEN_BY_A_PERSON.has(message.subtype as string | undefined)) return undefined;
  const { channel, user, text, ts, thread_ts: threadTs } = message;
  if (typeof channel !== 'string' || typeof user !== 'string' || typeof text !== 'string' || typeof ts !== 'string') {
    return undefined;
  }
  return { channel, user, text, ts, ...(typeof threadTs === 'string' ? { thread_ts: threadTs } : {}) };
}

/** message.im: answer in the DM (in the thread, if the message was in one). */
export function directMessageCallback({ core, poster, rateLimiter }: ListenerDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const message = asDirectMessage(event);
    if (!message || message.user === context.botUserId) return;
    const thread = message.thread_ts ? { thread_ts: message.thread_ts } : {};
    await logFailure(logger, 'Answering a direct message', async () => {
      if (!rateLimiter.take(message.user)) {
        await poster.postMessage({ channel: message.channel, ...thread, ...renderNotice(RATE_LIMITED) });
        return;
      }
      const question = plainTextFromSlack(message.text, context.botUserId);
      const reply = core.respond(question || 'help');
      await poster.postMessage({
        channel: message.channel,
        ...thread,
        ...renderReply(reply, { commandPrefix: '', presentation: core.presentation }),
      });
    });
  };
}
