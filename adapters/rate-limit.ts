export interface RateLimiterOptions {
  /** Questions each person may ask per window. Default 10. */
  limit?: number;
  /** The window, in milliseconds. Default one minute. */
  windowMs?: number;
  /** For tests: the clock. */
  now?: () => number;
}

/** A per-user limit over a sliding window: each user's recent question times, in memory. */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts a question from `userId`; false when it is over the limit (and then it is not counted). */
  take(userId: string): boolean {
    const now = this.now();
    const since = now - this.windowMs;
    const times = (this.recent.get(userId) ?? []).filter((time) => time > since);
    if (times.length >= this.limit) {
      this.recent.set(userId, times);
      return false;
    }
    times.push(now);
    this.recent.set(userId, times);
    if (this.recent.size > 10_000) this.forgetIdle(since);
    return true;
  }

  private forgetIdle(since: number): void {
    for (const [userId, times] of this.recent) {
      if (times.every((time) => time <= since)) this.recent.delete(userId);
    }
  }
}
