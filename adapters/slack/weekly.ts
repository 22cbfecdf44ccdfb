import type { Logger } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { PublishError, type WeeklyPost, type WeeklyPublisher, type WeekReply } from '../../src/index.js';
import { createPoster, describeSlackError, platformErrorOf, refusalOf } from './post.js';
import { renderReply } from './render.js';
import { CALL_RETRIES, CALL_TIMEOUT_MS } from './timeouts.js';

/** The longest Retry-After the round waits for. */
const MAX_RETRY_AFTER_MS = 60_000;

// The principle of the week in Slack: posted to each configured channel and pinned there, and last
// week's pin taken down. Posting goes through post.ts (no automatic retries: a re-sent chat.postMessage
// can post twice); pinning and unpinning are safe to repeat, so their client retries as usual.

export interface SlackWeeklyOptions {
  token: string;
  /** SLACK_API_URL; default Slack's own. */
  slackApiUrl?: string;
  /** WEEKLY_SLACK_CHANNELS. */
  channels: readonly string[];
  logger: Logger;
  /** For tests: how the poster waits out a 429. */
  sleep?: (ms: number) => Promise<void>;
}

/** pins.remove: the pin is already gone, which is what was wanted. */
const ALREADY_UNPINNED = new Set(['no_pin', 'message_not_found']);

export function createSlackWeeklyPublisher(options: SlackWeeklyOptions): WeeklyPublisher {
  const { logger, channels } = options;
  const api = options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {};
  const poster = createPoster({
    token: options.token,
    ...api,
    logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const client = new WebClient(options.token, { ...api, logger, retryConfig: CALL_RETRIES, timeout: CALL_TIMEOUT_MS });

  return {
    platform: 'slack',
    destinations: async () => [...channels],

    async publish(channel: string, week: WeekReply) {
      const message = renderReply(week);
      let ts: string | undefined;
      try {
        ts = (await poster.postMessage({ channel, text: message.text, blocks: message.blocks })).ts;
      } catch (error) {
        throw publishError(error);
      }
      if (!ts) return { pinned: false };
      try {
        await client.pins.add({ channel, timestamp: ts });
      } catch (error) {
        if (platformErrorOf(error) !== 'already_pinned') {
          logger.warn(`Principle of the week posted in ${channel} but not pinned: ${describeSlackError(error)}`);
          return { messageId: ts, pinned: false };
        }
      }
      return { messageId: ts, pinned: true };
    },

    async unpin(channel: string, post: WeeklyPost) {
      if (!post.messageId) return;
      try {
        await client.pins.remove({ channel, timestamp: post.messageId });
      } catch (error) {
        if (ALREADY_UNPINNED.has(platformErrorOf(error) ?? '')) return;
        throw new Error(describeSlackError(error));
      }
    },
  };
}

/** How a failed chat.postMessage is handled by the round: see PublishFailure. */
export function publishError(error: unknown): PublishError {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === ErrorCode.RateLimitedError) {
    // The poster has already waited out its share of 429s; the round waits longer and tries again.
    const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
    // Capped as for Teams: a Retry-After of hours would hold up the round (and shutdown) as long.
    const waitMs = typeof retryAfter === 'number' ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : undefined;
    return new PublishError('retry', 'ratelimited', waitMs);
  }
  const refusal = refusalOf(error);
  if (refusal) return new PublishError('not-posted', refusal);
  // Anything but a known refusal (a 5xx, a lost connection or timeout, an answer that is not Slack's
  // JSON, internal_error): Slack may have posted, so the post is never sent again.
  return new PublishError('unknown', describeSlackError(error));
}
