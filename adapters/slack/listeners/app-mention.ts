import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { RATE_LIMITED } from '../../../src/index.js';
import { plainTextFromSlack } from '../escape.js';
import { renderNotice, renderReply } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>;

/** @mention in a channel: answer in the thread of the mention (the thread it was already in, if any). */
export function appMentionCallback({ core, poster, rateLimiter }: ListenerDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    if (event.bot_id || !event.user) return; // another app mentioning us
    const user = event.user;
    const threadTs = event.thread_ts ?? event.ts;
    await logFailure(logger, 'Answering a mention', async () => {
      if (!rateLimiter.take(user)) {
        await poster.postEphemeral({
          channel: event.channel,
          user,
          thread_ts: threadTs,
          ...renderNotice(RATE_LIMITED),
        });
        return;
      }
      const question = plainTextFromSlack(event.text, context.botUserId);
      const reply = core.respond(question || 'help');
      await poster.postMessage({
        channel: event.channel,
        thread_ts: threadTs,
        ...renderReply(reply, { commandPrefix: '@guidance-bot ', presentation: core.presentation }),
      });
    });
  };
}
