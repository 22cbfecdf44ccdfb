import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseReplyRef } from '../../reply-refs.js';
import { renderSuggestion } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * "Show alternative N": that passage, quoted as an answer, for the person who clicked: privately in a
 * channel (through the click's response_url), in the answer's thread in a DM.
 */
export function alternativeButtonCallback({ core, poster }: ListenerDeps) {
  return async ({ ack, action, body, respond, logger }: Args): Promise<void> => {
    await ack();
    await logFailure(logger, 'Showing an alternative', async () => {
      const ref = parseReplyRef(action.value);
      const suggestion = ref?.k === 'answer' ? core.passage(ref.p) : undefined;
      if (!suggestion) {
        logger.warn('Alternative: the button did not name a passage the knowledge still has');
        return;
      }
      const container = body.container as Record<string, unknown>;
      const channel = body.channel?.id ?? asString(container.channel_id);
      const threadTs = asString(body.message?.thread_ts) ?? asString(container.thread_ts);
      if (channel?.startsWith('D')) {
        const answerTs = threadTs ?? body.message?.ts ?? asString(container.message_ts);
        await poster.postMessage({
          channel,
          ...(answerTs ? { thread_ts: answerTs } : {}),
          ...renderSuggestion(suggestion),
        });
        return;
      }
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...renderSuggestion(suggestion, { share: true }),
      });
    });
  };
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
