import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { APOLOGY, RATE_LIMITED } from '../../../src/index.js';
import { plainTextFromSlack } from '../escape.js';
import { describeSlackError } from '../post.js';
import { renderNotice, renderReply, type SlackMessage } from '../render.js';
import type { ListenerDeps } from './deps.js';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/**
 * /guidance <question|principles|principle N|week|help>: the answer goes back in the acknowledgement,
 * ephemeral (only the asker sees it), with a "Share in channel" button.
 */
export function guidanceCommandCallback({ core, rateLimiter }: ListenerDeps) {
  return async ({ command, ack, logger }: Args): Promise<void> => {
    if (!rateLimiter.take(command.user_id)) {
      await ack({ response_type: 'ephemeral', ...renderNotice(RATE_LIMITED) });
      return;
    }
    let message: SlackMessage;
    try {
      const reply = core.respond(plainTextFromSlack(command.text ?? '') || 'help');
      message = renderReply(reply, { share: true, commandPrefix: '/guidance ', presentation: core.presentation });
    } catch (error) {
      logger.error(`Answering /guidance failed: ${describeSlackError(error)}`);
      message = renderNotice(APOLOGY);
    }
    await ack({ response_type: 'ephemeral', ...message });
  };
}
