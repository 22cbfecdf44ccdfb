import type { Logger } from '@slack/bolt';
import {
  type ChatPostEphemeralArguments,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  ErrorCode,
  WebClient,
} from '@slack/web-api';

// Posting that never duplicates a reply.
//
// @slack/web-api retries a failed call up to 10 times by default (retryConfig, through p-retry): a 5xx
// (WebAPIHTTPError) and a dropped connection (WebAPIRequestError) are retried like anything else. For
// chat.postMessage that can post the same reply twice, because a 5xx or a lost response may come after
// Slack has posted. A 429 is different: Slack did not post, and the client (rejectRateLimitedCalls off)
// sleeps for Retry-After and then throws a plain Error so that p-retry retries — which counts against the
// same retryConfig, so with retries: 0 a 429 would simply fail. So this client has retries off and
// rejectRateLimitedCalls on (a 429 then throws WebAPIRateLimitedError with retryAfter, aborting p-retry),
// and we wait for Retry-After and try again ourselves, a bounded number of times.

export interface Poster {
  postMessage(args: ChatPostMessageArguments): Promise<ChatPostMessageResponse>;
  postEphemeral(args: ChatPostEphemeralArguments): Promise<void>;
}

export interface PosterOptions {
  token: string;
  /** Slack's Web API base (SLACK_API_URL); default Slack's own. */
  slackApiUrl?: string;
  logger: Logger;
  /** How many 429s in a row to wait out before giving up. Default 3. */
  maxRateLimitRetries?: number;
  /** The longest Retry-After worth waiting for, in seconds. Default 30. */
  maxRetryAfterSeconds?: number;
  /** How long one call may take, in milliseconds. Default 10 s. */
  timeoutMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

export function createPoster(options: PosterOptions): Poster {
  const { logger, maxRateLimitRetries = 3, maxRetryAfterSeconds = 30 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const client = new WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  });

  async function call<T>(method: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const retryAfter = rateLimitRetryAfter(error);
        if (retryAfter !== undefined && attempt < maxRateLimitRetries && retryAfter <= maxRetryAfterSeconds) {
          logger.warn(`${method} was rate limited; trying again in ${retryAfter} s`);
          await sleep(retryAfter * 1000);
          continue;
        }
        logger.error(`${method} failed: ${describeSlackError(error)}`);
        throw error;
      }
    }
  }

  return {
    postMessage: (args) => call('chat.postMessage', () => client.chat.postMessage(args)),
    postEphemeral: async (args) => {
      await call('chat.postEphemeral', () => client.chat.postEphemeral(args));
    },
  };
}

/** Seconds to wait when `error` is a 429 from the Web API. */
function rateLimitRetryAfter(error: unknown): number | undefined {
  if (!isObject(error) || error.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof error.retryAfter === 'number' ? error.retryAfter : undefined;
}

/** The Web API's error code (such as not_in_channel), if `error` is a Slack platform error. */
export function platformErrorOf(error: unknown): string | undefined {
  if (!isObject(error) || error.code !== ErrorCode.PlatformError || !isObject(error.data)) return undefined;
  return typeof error.data.error === 'string' ? error.data.error : undefined;
}

/** A log line for an error: its code and Slack's error name, never a request body, text or token. */
export function describeSlackError(error: unknown): string {
  if (!isObject(error)) return String(error);
  const platform = platformErrorOf(error);
  if (platform) return `Slack said ${platform}`;
  if (error.code === ErrorCode.HTTPError) return `HTTP ${String(error.statusCode)}`;
  if (error.code === ErrorCode.RateLimitedError) return `rate limited (retry after ${String(error.retryAfter)} s)`;
  if (error.code === ErrorCode.RequestError) return 'the request did not complete (connection lost or timed out)';
  if (typeof error.code === 'string') return error.code;
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown error';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
