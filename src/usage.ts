import type { Core } from './core.js';
import type { PlatformId, UsageStore } from './store/types.js';
import type { AnswerResult } from './types.js';

/**
 * The core, counting every question it answers or declines for one platform in `usage`. The question
 * text is handed over too, and kept only if the store was opened to keep it (STORE_QUESTIONS). Counting
 * never holds up or breaks an answer: a failure goes to `onError`.
 */
export function countingQuestions(
  core: Core,
  usage: UsageStore,
  platform: PlatformId,
  onError: (error: unknown) => void,
): Core {
  const count = (text: string, result: AnswerResult) => {
    const record = result.answered
      ? {
          platform,
          outcome: 'answered' as const,
          principleId: result.principle.id,
          passageId: result.passage.id,
          text,
        }
      : { platform, outcome: 'declined' as const, text };
    usage.record(record).catch(onError);
  };
  return {
    ...core,
    answer(question) {
      const result = core.answer(question);
      count(question.question, result);
      return result;
    },
    respond(text, options) {
      const reply = core.respond(text, options);
      if (reply.kind === 'answer') count(text, reply.result);
      return reply;
    },
  };
}
