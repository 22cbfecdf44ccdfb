/**
 * Delivery keys remembered in memory while the database cannot be written, so that a retry of a
 * delivery claimed meanwhile is still recognised. Bounded: each key is kept until it expires, and at
 * most `limit` keys; past the limit the oldest are forgotten first.
 */
export class MemoryDeliveries {
  // Insertion order is expiry order (one time to live for all), so the oldest keys come first.
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    /**
     * 50,000 keys of about 30 characters take a few MB, and hold more than five minutes of deliveries
     * (Slack's last retry) at 150 a second, well beyond what one instance is sent.
     */
    private readonly limit = 50_000,
  ) {}

  get size(): number {
    return this.expiries.size;
  }

  /** True when `key` was claimed here and has not expired. */
  has(key: string, at: number): boolean {
    const expires = this.expiries.get(key);
    return expires !== undefined && expires > at;
  }

  /** Claims `key`: true the first time (within its time to live), false for a repeat. */
  claim(key: string, at: number): boolean {
    this.forgetExpired(at);
    if (this.has(key, at)) return false;
    this.expiries.delete(key);
    this.expiries.set(key, at + this.ttlMs);
    while (this.expiries.size > this.limit) this.forgetOldest();
    return true;
  }

  private forgetExpired(at: number): void {
    for (const [key, expires] of this.expiries) {
      if (expires > at) return;
      this.expiries.delete(key);
    }
  }

  private forgetOldest(): void {
    const oldest = this.expiries.keys().next();
    if (!oldest.done) this.expiries.delete(oldest.value);
  }
}
