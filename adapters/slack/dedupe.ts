/**
 * Remembers which deliveries were already handled, so that each event gets exactly one reply. Slack
 * re-sends an event it thinks was not received (X-Slack-Retry-Num; retry_attempt in Socket Mode) and
 * may deliver one twice. A retry is not simply dropped: it may be the first delivery that reached us.
 * Issue #5 puts this in SQLite so that a restart or a second instance remembers too.
 */
export interface EventDeduper {
  /** True the first time `key` is claimed (within the time it is remembered), false for every repeat. */
  claim(key: string): Promise<boolean>;
}

export interface MemoryEventDeduperOptions {
  /** How long a key is remembered. Default 1 hour (Slack retries over about 5 minutes). */
  ttlMs?: number;
  /** The most keys remembered; the oldest are forgotten first. Default 10,000. */
  maxKeys?: number;
  /** For tests: the clock. */
  now?: () => number;
}

/** An EventDeduper in memory, for one process. Claims are checked and recorded in one step. */
export class MemoryEventDeduper implements EventDeduper {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryEventDeduperOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string): Promise<boolean> {
    const now = this.now();
    this.forgetExpired(now);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + this.ttlMs);
    while (this.seen.size > this.maxKeys) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  /** Keys are kept in the order they were claimed, which is also the order they expire. */
  private forgetExpired(now: number): void {
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
  }
}

/**
 * The key that identifies one delivery of a request body: the event_id of an Events API event, or the
 * trigger_id of a slash command, shortcut or button click. Undefined when the body has neither.
 */
export function deliveryKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.event_id === 'string' && record.event_id) return `event:${record.event_id}`;
  if (typeof record.trigger_id === 'string' && record.trigger_id) return `trigger:${record.trigger_id}`;
  return undefined;
}
