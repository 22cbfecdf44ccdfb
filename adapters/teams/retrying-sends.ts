import type { CloudAdapter, SendActivitiesHandler, TurnContext } from 'botbuilder';
import { doubling, withRetries } from '../../src/index.js';
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
 * it (429), refuses it for now (412) or is briefly unavailable (502, 503, 504): answers that say the
 * reply was not delivered. A 500 or a lost response may have been delivered and is not retried. Used
 * with withoutConnectorRetries(), so that the SDK does not retry as well. Only a single activity is
 * retried: resending a batch could repeat its first part.
 */
export function retryingSends(options: RetryOptions = {}): SendActivitiesHandler {
  const { attempts = 3, backoffMs = 500, maxWaitMs = 30_000 } = options;
  return async (_context, activities, next) => {
    if (activities.length !== 1) return next();
    return withRetries(next, {
      attempts,
      maxWaitMs,
      waitAfter: (error, attempt) => {
        const { failure, status, retryAfterMs } = readConnectorError(error);
        return failure === 'retry' && status !== undefined ? (retryAfterMs ?? doubling(backoffMs, attempt)) : undefined;
      },
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  };
}

interface PipelineOwner {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

/**
 * Takes the retry policy out of this turn's connector client. botframework-connector 4.23 (its
 * @azure/core-rest-pipeline client) re-sends a 429, 500, 502, 503, 504 or a dropped connection up to 3
 * more times: a 500 or a lost response can then post the same message twice. retryingSends() (replies)
 * and the weekly round retry only what cannot have been delivered.
 */
export function withoutConnectorRetries(context: TurnContext, adapter: CloudAdapter): void {
  const connector = context.turnState.get(adapter.ConnectorClientKey) as PipelineOwner | undefined;
  const pipeline = connector?.client?.pipeline;
  // Private to botframework-connector: if a new version moves it, the test that counts requests fails.
  if (pipeline) pipeline.removePolicy({ phase: 'Retry' });
}
