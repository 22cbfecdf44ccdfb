import type { WriteHealth } from '../../src/index.js';

/** Runs one write through a WriteHealthTracker (its `write`): every write a store makes goes through one. */
export type Write = <T>(work: () => T) => T;

/** How often check() may try a write of its own: /readyz can be called by anyone, as often as they like. */
const PROBE_EVERY_MS = 1000;

/**
 * Keeps track of whether the store's writes succeed: every write goes through `write()`. A store
 * implementation builds one, with `probe` (a small write of its own), `reasonOf` (what to report of an
 * error, or undefined for an error that says nothing about the store, such as a broken constraint), and
 * `changes` (a count of rows written so far: a write that changed nothing, such as a delivery key
 * already claimed, wrote nothing to disk and so proves nothing).
 */
export class WriteHealthTracker implements WriteHealth {
  private current: string | undefined;
  private readonly listeners: Array<(failure: string | undefined) => void> = [];
  private lastProbe = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly probe: () => void,
    private readonly reasonOf: (error: unknown) => string | undefined,
    private readonly changes: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  get failure(): string | undefined {
    return this.current;
  }

  onChange(listener: (failure: string | undefined) => void): void {
    this.listeners.push(listener);
  }

  async check(): Promise<string | undefined> {
    if (this.current === undefined) return undefined;
    const at = this.now();
    if (at - this.lastProbe < PROBE_EVERY_MS) return this.current;
    this.lastProbe = at;
    try {
      this.write(this.probe);
    } catch {
      // Recorded by write(): the failure stays.
    }
    return this.current;
  }

  /** Runs one write, recording whether it worked; its error is thrown on. */
  write<T>(work: () => T): T {
    const before = this.changes();
    let result: T;
    try {
      result = work();
    } catch (error) {
      const reason = this.reasonOf(error);
      if (reason !== undefined) this.set(reason);
      throw error;
    }
    if (this.changes() !== before) this.set(undefined);
    return result;
  }

  private set(failure: string | undefined): void {
    // Listeners hear of a change only: an outage is reported once, not once per write.
    if ((failure === undefined) === (this.current === undefined)) {
      this.current = failure;
      return;
    }
    this.current = failure;
    for (const listener of this.listeners) listener(failure);
  }
}
