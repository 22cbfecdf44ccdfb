import type { SendActivitiesHandler } from 'botbuilder';
import { readConnectorError } from './connector-errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** The first pause, doubled each time, unless the connector says how long (Retry-After). Default 500 ms. */
  backoffMs?: number;
  /** The longest Retry-After worth waiting for, in ms. Default 30 s. */
  maxWaitMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A send handler (TurnContext.onSendActivities) that tries a reply again when the connector throttles
 * it (429) or refuses it for now (412). botbuilder's HTTP pipeline already retries 5xx and a 429 that
 * carries Retry-After, so those reach this handler only once the pipeline has given up, and are not
 * retried again here. Only a single activity is retried: resending a batch could repeat its first part.
 */
export function retryingSends(options: RetryOptions = {}): SendActivitiesHandler {
  const { attempts = 3, backoffMs = 500, maxWaitMs = 30_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (_context, activities, next) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next();
      } catch (error) {
        const { failure, status, retryAfterMs } = readConnectorError(error);
        const wait = retryAfterMs ?? backoffMs * 2 ** (attempt - 1);
        const worthIt = failure === 'retry' && status !== undefined && status < 500 && wait <= maxWaitMs;
        if (!worthIt || activities.length !== 1 || attempt >= attempts) throw error;
        await sleep(wait);
      }
    }
  };
}
