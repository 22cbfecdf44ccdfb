import type { Reply } from '../commands.js';
import type { PlatformId, WeeklyPost } from '../store/types.js';

export type WeekReply = Extract<Reply, { kind: 'week' }>;

/** How a platform carries the principle of the week. Implemented by each chat adapter. */
export interface WeeklyPublisher {
  readonly platform: PlatformId;
  /** Where to post this round: Slack channel ids, Teams conversation ids. */
  destinations(): Promise<string[]>;
  /** Posts (and pins, where the platform allows) the card. Throws a PublishError when it could not. */
  publish(conversation: string, week: WeekReply): Promise<{ messageId?: string; pinned: boolean }>;
  /** Unpins an earlier week's post made by the bot. Absent where the platform has no pins. */
  unpin?(conversation: string, post: WeeklyPost): Promise<void>;
}

/**
 * - retry: not posted, and worth trying again soon (429, 502, 503, 504, 412); `retryAfterMs` if the
 *   platform said how long to wait;
 * - not-posted: refused, and trying again this round will not help (not in the channel, 413);
 * - gone: the conversation is gone or the bot was removed or blocked (403, 404): marked inactive;
 * - unknown: the platform may have posted (a 500 or a lost response): never sent again, to avoid a second post.
 */
export type PublishFailure = 'retry' | 'not-posted' | 'gone' | 'unknown';

export class PublishError extends Error {
  readonly failure: PublishFailure;
  readonly retryAfterMs: number | undefined;

  /** `code` is a status or error code only ("HTTP 403", "not_in_channel"): it is logged and stored. */
  constructor(failure: PublishFailure, code: string, retryAfterMs?: number) {
    super(code);
    this.name = 'PublishError';
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
  }
}
