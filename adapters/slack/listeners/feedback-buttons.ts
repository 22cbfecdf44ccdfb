import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { FeedbackVerdict } from '../../../src/index.js';
import { replyFromRef } from '../../reply-refs.js';
import { parseFeedbackRef } from '../button-values.js';
import { renderReply } from '../render.js';
import { type ListenerDeps, logFailure } from './deps.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * Helpful / Not helpful: counted in the FeedbackStore by passage id (nothing else: not the question,
 * not the person), then acknowledged in place: the answer is shown again with a thanks line where the
 * buttons were (through the click's response_url, which can replace private answers too).
 */
export function feedbackButtonCallback({ core, feedback }: ListenerDeps, verdict: FeedbackVerdict) {
  return async ({ ack, action, respond, logger }: Args): Promise<void> => {
    await ack();
    await logFailure(logger, 'Recording feedback', async () => {
      const ref = parseFeedbackRef(action.value);
      const reply = ref ? replyFromRef(core, ref.r) : undefined;
      if (!ref || !reply) {
        logger.warn('Feedback: the button did not name a passage the knowledge still has');
        return;
      }
      await feedback.record(ref.r.p, verdict);
      await respond({
        replace_original: true,
        ...renderReply(reply, {
          feedback: 'thanks',
          share: ref.s === 1,
          ...(ref.by ? { sharedBy: ref.by } : {}),
          presentation: core.presentation,
        }),
      });
    });
  };
}
