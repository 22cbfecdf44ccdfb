import type { Logger } from '@slack/bolt';
import {
  type ChatPostEphemeralArguments,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  ErrorCode,
  WebClient,
} from '@slack/web-api';
import { withRetries } from '../../src/index.js';
import { isObject } from '../is-object.js';
import { POST_TIMEOUT_MS } from './timeouts.js';

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
  /** How long one call may take, in milliseconds. Default POST_TIMEOUT_MS (5 s). */
  timeoutMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

export function createPoster(options: PosterOptions): Poster {
  const { logger, maxRateLimitRetries = 3, maxRetryAfterSeconds = 30 } = options;
  const client = new WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? POST_TIMEOUT_MS,
  });

  async function call<T>(method: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(send, {
        attempts: maxRateLimitRetries + 1,
        waitAfter: (error) => secondsToMs(rateLimitRetryAfter(error)),
        maxWaitMs: maxRetryAfterSeconds * 1000,
        onRetry: (_error, ms) => logger.warn(`${method} was rate limited; trying again in ${ms / 1000} s`),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
    } catch (error) {
      logger.error(`${method} failed: ${describeSlackError(error)}`);
      throw error;
    }
  }

  return {
    postMessage: (args) => call('chat.postMessage', () => client.chat.postMessage(args)),
    postEphemeral: async (args) => {
      await call('chat.postEphemeral', () => client.chat.postEphemeral(args));
    },
  };
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Seconds to wait when `error` is a 429 from the Web API. */
function rateLimitRetryAfter(error: unknown): number | undefined {
  if (!isObject(error) || error.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof error.retryAfter === 'number' ? error.retryAfter : undefined;
}

/**
 * Slack's error codes that say a message was not posted (from the chat.postMessage and
 * chat.postEphemeral references, and the errors every method can return). Only these count as a
 * refusal. Anything else, including internal_error and fatal_error ("some aspect of the operation may
 * have succeeded") and an answer that is not Slack's JSON at all, may have posted.
 */
const REFUSALS = new Set([
  'access_denied',
  'accesslimited',
  'account_inactive',
  'as_user_not_supported',
  'cannot_reply_to_message',
  'channel_not_found',
  'deprecated_endpoint',
  'duplicate_channel_not_found',
  'duplicate_message_not_found',
  'ekm_access_denied',
  'enterprise_is_restricted',
  'invalid_arg_name',
  'invalid_arguments',
  'invalid_array_arg',
  'invalid_auth',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_charset',
  'invalid_form_data',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'invalid_post_type',
  'is_archived',
  'message_limit_exceeded',
  'messages_tab_disabled',
  'metadata_must_be_sent_from_app',
  'metadata_too_large',
  'method_deprecated',
  'missing_post_type',
  'missing_scope',
  'msg_too_long',
  'no_permission',
  'no_text',
  'not_allowed_token_type',
  'not_authed',
  'not_in_channel',
  'org_login_required',
  'rate_limited',
  'ratelimited',
  'request_timeout',
  'restricted_action',
  'restricted_action_non_threadable_channel',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'slack_connect_file_link_sharing_blocked',
  'team_access_not_granted',
  'team_added_to_org',
  'token_expired',
  'token_revoked',
  'too_many_attachments',
  'two_factor_setup_required',
  'user_not_in_channel',
]);

/** What every Slack error code looks like. */
const ERROR_CODE = /^[a-z0-9_]{1,64}$/;

/**
 * The Web API's error code (such as not_in_channel), if `error` is a Slack platform error that carries
 * one. When Slack's answer is not JSON (cut short, garbage, a proxy's HTML page), @slack/web-api
 * presents it as a platform error whose "code" is the whole answer: that is not a code, and is ignored.
 */
export function platformErrorOf(error: unknown): string | undefined {
  if (!isObject(error) || error.code !== ErrorCode.PlatformError || !isObject(error.data)) return undefined;
  const code = error.data.error;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
}

/** The error code, if Slack refused to post (see REFUSALS); undefined when it may have posted. */
export function refusalOf(error: unknown): string | undefined {
  const code = platformErrorOf(error);
  return code !== undefined && REFUSALS.has(code) ? code : undefined;
}

/** A log line for an error: its code and Slack's error name, never a request body, text or token. */
export function describeSlackError(error: unknown): string {
  if (!isObject(error)) return String(error);
  const platform = platformErrorOf(error);
  if (platform) return `Slack said ${platform}`;
  // The answer itself is not logged: it is whatever came back (a proxy's page, part of a message).
  if (error.code === ErrorCode.PlatformError) return "Slack's answer could not be read (not the JSON it sends)";
  if (error.code === ErrorCode.HTTPError) return `HTTP ${String(error.statusCode)}`;
  if (error.code === ErrorCode.RateLimitedError) return `rate limited (retry after ${String(error.retryAfter)} s)`;
  if (error.code === ErrorCode.RequestError) return 'the request did not complete (connection lost or timed out)';
  if (typeof error.code === 'string') return error.code;
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown error';
}
