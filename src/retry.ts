/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /**
   * After a failed attempt (counted from 1): how long to wait before the next one, or undefined when
   * this failure must not be tried again (it may have been delivered, or will fail the same way).
   */
  waitAfter(error: unknown, attempt: number): number | undefined;
  /** The longest wait worth waiting for: a failure that asks for longer is given up. Default: no limit. */
  maxWaitMs?: number;
  /** Called before each wait (to log it). */
  onRetry?(error: unknown, waitMs: number): void;
  /** When aborted (shutdown), no wait is begun or finished: `stopped(error)` is thrown instead. */
  signal?: AbortSignal;
  stopped?(error: unknown): unknown;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** The first wait, doubled after each failed attempt: 1, 2, 4 … times `firstMs`. */
export function doubling(firstMs: number, attempt: number): number {
  return firstMs * 2 ** (attempt - 1);
}

/**
 * Runs `work`, and runs it again after a failure that `waitAfter` says is worth retrying, waiting as
 * long as it says (a platform's Retry-After, or a doubling back-off), up to `attempts` in all. The last
 * failure is thrown as it is. The one retry loop of the weekly round, Slack's posts and Teams' replies.
 */
export async function withRetries<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  const { signal } = options;
  const stop = (error: unknown) => (options.stopped ? options.stopped(error) : error);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      const ms = options.waitAfter(error, attempt);
      if (ms === undefined || ms > (options.maxWaitMs ?? Number.POSITIVE_INFINITY)) throw error;
      if (signal?.aborted) throw stop(error);
      options.onRetry?.(error, ms);
      await abortable(wait(ms), signal);
      if (signal?.aborted) throw stop(error);
    }
  }
}

/** Resolves when `waiting` does, or at once when `signal` is aborted. */
function abortable(waiting: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return waiting;
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    waiting.then(done, done);
  });
}
