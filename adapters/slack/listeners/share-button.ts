import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseReplyRef, replyFromRef } from '../../reply-refs.js';
import { renderReply } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * "Share in channel" on a private answer: the same answer is posted in the channel, credited to the
 * person who shared it, and the private copy is removed. Both go through the click's response_url,
 * which works in any channel the command was used in, whether or not the bot is a member.
 */
export function shareButtonCallback({ core, deliveries }: ListenerDeps) {
  return async ({ ack, action, body, respond, logger }: Args): Promise<void> => {
    await ack();
    await logFailure(logger, 'Sharing an answer', async () => {
      // A double click sends two clicks (two trigger ids): one share per answer and person. The key
      // says nothing about whose they are.
      const answer = body.container?.message_ts ?? body.message?.ts ?? action.action_ts;
      const key = `share:${createHash('sha256')
        .update(`${body.user.id}\n${body.channel?.id ?? ''}\n${answer}\n${action.value}`)
        .digest('base64url')
        .slice(0, 32)}`;
      if (!(await deliveries.claim(key))) {
        logger.info('Share: this answer was already shared by this person');
        return;
      }
      const ref = parseReplyRef(action.value);
      const reply = ref ? replyFromRef(core, ref) : undefined;
      if (!reply) {
        logger.warn('Share: the button did not name an answer the knowledge still has');
        return;
      }
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        ...renderReply(reply, { sharedBy: body.user.id, presentation: core.presentation }),
      });
      await respond({ delete_original: true });
    });
  };
}
