import type { Core } from '../core.js';
import type { Logger } from '../logger.js';
import { doubling, withRetries } from '../retry.js';
import type { Store, WeeklyPostKey } from '../store/types.js';
import { PublishError, type WeeklyPublisher } from './publisher.js';

/** What the round logs through: the core's Logger (it writes no debug lines). */
export type WeeklyRoundLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface WeeklyRoundOptions {
  core: Core;
  store: Store;
  publishers: readonly WeeklyPublisher[];
  /** The moment the round is for: its ISO week (in the core's time zone) is the week posted. */
  at: Date;
  log: WeeklyRoundLog;
  /** Attempts for a post that failed with `retry`. Default 4. */
  maxAttempts?: number;
  /** First wait between attempts, doubled each time, unless the platform says how long. Default 2 s. */
  backoffMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** When aborted (shutdown), no further post is claimed and no retry waited for. */
  signal?: AbortSignal;
}

export interface WeeklyRoundSummary {
  week: string;
  principleId: string;
  posted: string[];
  /** Already claimed or posted (by this or another instance): left alone. */
  skipped: string[];
  /** The bot was removed or blocked there: marked inactive, no longer posted to. Not a failure. */
  gone: string[];
  failed: string[];
}

/**
 * Posts the principle of the week to every destination of every publisher, each exactly once: a post
 * is claimed in the store before it is sent, and only the instance whose claim succeeds sends it. So a
 * restart, a second instance or a second round in the same week posts nothing twice, and a round cut
 * short by a crash is completed by the next one.
 */
export async function postWeeklyRound(options: WeeklyRoundOptions): Promise<WeeklyRoundSummary> {
  const { core, store, publishers, log } = options;
  const week = core.week(options.at);
  const summary: WeeklyRoundSummary = {
    week: week.week,
    principleId: week.principle.id,
    posted: [],
    skipped: [],
    gone: [],
    failed: [],
  };
  for (const publisher of publishers) {
    let destinations: string[];
    try {
      destinations = await publisher.destinations();
    } catch (error) {
      // One platform's trouble (its conversation list unreadable) does not stop the others' posts.
      summary.failed.push(publisher.platform);
      log.error(
        `Principle of the week ${week.week}: could not list the ${publisher.platform} destinations: ${errorLine(error)}`,
      );
      continue;
    }
    for (const conversation of destinations) {
      if (options.signal?.aborted) return summary;
      const key: WeeklyPostKey = { platform: publisher.platform, conversation, week: week.week };
      const where = `${key.platform} ${conversation}`;
      if (!(await store.weeklyPosts.claim(key, week.principle.id))) {
        summary.skipped.push(where);
        continue;
      }
      let result: { messageId?: string; pinned: boolean };
      try {
        result = await publishWithRetries(() => publisher.publish(conversation, week), options);
      } catch (error) {
        const gone = error instanceof PublishError && error.failure === 'gone';
        (gone ? summary.gone : summary.failed).push(where);
        await recordFailure(store, key, error, log);
        continue;
      }
      summary.posted.push(where);
      // Outside the try above: once the platform has the post, nothing may mark it failed (and so
      // re-claimable). If this write fails the claim stays, and the post is not sent again.
      try {
        await store.weeklyPosts.posted(key, result);
      } catch (error) {
        log.error(`Principle of the week ${week.week} posted to ${where}, but not recorded: ${errorLine(error)}`);
        continue;
      }
      log.info(`Principle of the week ${week.week} posted to ${where}${result.pinned ? ' and pinned' : ''}`);
      await unpinEarlier(store, publisher, key, log);
    }
  }
  return summary;
}

/** A post the platform says was not made (`retry`) is tried again, up to maxAttempts, until shutdown. */
function publishWithRetries<T>(send: () => Promise<T>, options: WeeklyRoundOptions): Promise<T> {
  const backoffMs = options.backoffMs ?? 2000;
  return withRetries(send, {
    attempts: options.maxAttempts ?? 4,
    waitAfter: (error, attempt) =>
      error instanceof PublishError && error.failure === 'retry'
        ? (error.retryAfterMs ?? doubling(backoffMs, attempt))
        : undefined,
    ...(options.signal ? { signal: options.signal } : {}),
    stopped: (error) => new PublishError('not-posted', `${(error as Error).message}; stopped before retrying`),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
}

async function recordFailure(store: Store, key: WeeklyPostKey, error: unknown, log: WeeklyRoundLog): Promise<void> {
  const where = `${key.platform} ${key.conversation}`;
  const code = error instanceof PublishError ? error.message : errorLine(error);
  const failure = error instanceof PublishError ? error.failure : 'unknown';
  if (failure === 'unknown') {
    // The claim stays: the platform may have posted, and a second post is worse than none.
    log.error(
      `Principle of the week ${key.week} to ${where}: ${code}; it may or may not have been posted, so it is not sent again`,
    );
    return;
  }
  await store.weeklyPosts.failed(key, code);
  if (failure === 'gone') {
    await store.conversations.deactivate(key.platform, key.conversation, code);
    log.warn(
      `Principle of the week ${key.week} to ${where}: ${code}; the bot was removed or blocked there, so it is no longer posted to`,
    );
    return;
  }
  log.error(`Principle of the week ${key.week} to ${where} was not posted: ${code}; the next round tries again`);
}

async function unpinEarlier(
  store: Store,
  publisher: WeeklyPublisher,
  key: WeeklyPostKey,
  log: WeeklyRoundLog,
): Promise<void> {
  if (!publisher.unpin) return;
  for (const earlier of await store.weeklyPosts.pinnedBefore(key.platform, key.conversation, key.week)) {
    try {
      await publisher.unpin(key.conversation, earlier);
      await store.weeklyPosts.unpinned(earlier);
    } catch (error) {
      log.warn(
        `Could not unpin the ${earlier.week} principle in ${key.platform} ${key.conversation}: ${errorLine(error)}`,
      );
    }
  }
}

/** What went wrong, in one line for the log and the stored post: a publish failure's own words, or the error's. */
function errorLine(error: unknown): string {
  if (error instanceof PublishError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 200)}`;
  return String(error);
}
