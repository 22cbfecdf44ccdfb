import type { Logger } from '@slack/bolt';
import type { Core, DeliveryLog, FeedbackStore } from '../../../src/index.js';
import type { RateLimiter } from '../../rate-limit.js';
import { describeSlackError, type Poster } from '../post.js';

/** What the listeners share. */
export interface ListenerDeps {
  core: Core;
  feedback: FeedbackStore;
  poster: Poster;
  rateLimiter: RateLimiter;
  /** Deliveries already handled: here, one share per answer and person. */
  deliveries: DeliveryLog;
}

/** Runs a listener's work, logging a failure (its code, never its text) instead of letting it escape. */
export async function logFailure(logger: Logger, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error(`${what} failed: ${describeSlackError(error)}`);
  }
}
