import type { Logger } from '@slack/bolt';
import type { RequestHandler } from 'express';

/**
 * How far a request's X-Slack-Request-Timestamp may be from this server's clock, either way: Slack's
 * five minutes. Bolt refuses a timestamp that far in the past, but takes any in the future (an hour,
 * ten years) and any number at all ("1700000000.5"): a request signed for a time to come could be
 * replayed until then. Slack sends whole seconds.
 */
export const MAX_SKEW_SECONDS = 5 * 60;

/** Unix seconds, as Slack writes them: digits only. */
const WHOLE_SECONDS = /^\d{1,12}$/;

/**
 * Refuses (401, nothing read or done) a request whose timestamp is not whole seconds within
 * MAX_SKEW_SECONDS of now. Runs before Bolt's signature check, which still checks the signature.
 * A request with no timestamp is left to Bolt, which refuses it the same way.
 */
export function refuseUntimelyRequests(logger: Logger, now: () => number = Date.now): RequestHandler {
  return (request, response, next) => {
    const header = request.headers['x-slack-request-timestamp'];
    if (header === undefined) {
      next();
      return;
    }
    const problem = timestampProblem(header, Math.floor(now() / 1000));
    if (!problem) {
      next();
      return;
    }
    logger.warn(`Request verification failed: ${problem}`);
    response.status(401).send();
  };
}

function timestampProblem(header: string | string[], nowSeconds: number): string | undefined {
  if (typeof header !== 'string' || !WHOLE_SECONDS.test(header)) {
    return 'x-slack-request-timestamp is not whole Unix seconds';
  }
  const ahead = Number(header) - nowSeconds;
  if (ahead > MAX_SKEW_SECONDS) return `x-slack-request-timestamp is ${ahead} s in the future`;
  if (-ahead > MAX_SKEW_SECONDS) return `x-slack-request-timestamp is ${-ahead} s old`;
  return undefined;
}
