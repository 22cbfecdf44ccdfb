import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { CHECK_MOVED_NOTE, CHECK_QUESTION, RATE_LIMITED } from '../../../src/index.js';
import { plainTextFromSlack } from '../escape.js';
import { refusalOf } from '../post.js';
import { type RenderOptions, renderNotice, renderReply, type SlackMessage } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>;

/**
 * Message shortcut "Check against the guidance": the message's text is the context and the question is
 * "Can I reply to this?". The answer goes only to the person who used it: an ephemeral message where
 * they are, or a DM when Slack refuses the ephemeral one (the bot is not in that channel, for example).
 */
export function checkMessageShortcutCallback({ core, poster, rateLimiter }: ListenerDeps) {
  return async ({ shortcut, ack, client, logger }: Args): Promise<void> => {
    await ack();
    await logFailure(logger, 'Checking a message', async () => {
      const user = shortcut.user.id;
      const about = plainTextFromSlack(shortcut.message.text ?? '');
      const result = rateLimiter.take(user)
        ? core.answer({ question: CHECK_QUESTION, ...(about ? { context: about } : {}) })
        : undefined;
      const render = (options: RenderOptions): SlackMessage =>
        result
          ? renderReply({ kind: 'answer', result }, { ...options, presentation: core.presentation })
          : renderNotice(RATE_LIMITED);
      const threadTs = typeof shortcut.message.thread_ts === 'string' ? shortcut.message.thread_ts : undefined;
      try {
        await poster.postEphemeral({
          channel: shortcut.channel.id,
          user,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...render({ share: true }),
        });
        return;
      } catch (error) {
        // Only when Slack said no: after a 5xx, a lost response or an answer that could not be read,
        // the ephemeral message may have arrived, and a DM would be a second answer.
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        logger.info(`The ephemeral answer was refused (${refusal}); sending it as a DM`);
      }
      const opened = await client.conversations.open({ users: user });
      const dm = opened.channel?.id;
      if (!dm) throw new Error('conversations.open returned no channel');
      await poster.postMessage({ channel: dm, ...render({ note: CHECK_MOVED_NOTE }) });
    });
  };
}
