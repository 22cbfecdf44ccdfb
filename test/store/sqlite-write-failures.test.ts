import { describe, expect, it } from 'vitest';
import { MemoryDeliveries } from '../../adapters/store/memory-deliveries.js';
import { FullableDatabase } from '../faults/support/full-database.js';

// The store when SQLite refuses to write (its own SQLITE_FULL on a real file, see FullableDatabase):
// deliveries are still claimed once each, the failure is reported once with its reason, and the store
// notices by itself when it can write again.

const FULL = 'SQLITE_FULL: database or disk is full';

describe('delivery keys while the database is full', () => {
  it('are claimed once each, in memory, and remembered after the disk has room again', async () => {
    const database = new FullableDatabase();
    const { deliveries, writes } = database.store;
    expect(await deliveries.claim('event:EvBefore')).toBe(true);
    database.fill();
    expect(await deliveries.claim('event:EvDuring')).toBe(true);
    expect(writes.failure).toBe(FULL);
    expect(await deliveries.claim('event:EvDuring')).toBe(false);
    expect(await deliveries.claim('event:EvBefore')).toBe(false); // in the file
    database.clear();
    expect(await deliveries.claim('event:EvAfter')).toBe(true);
    expect(writes.failure).toBeUndefined();
    expect(await deliveries.claim('event:EvDuring')).toBe(false);
    expect(await deliveries.claim('event:EvAfter')).toBe(false);
  });
});

describe('in memory', () => {
  it('are forgotten when they expire', () => {
    const memory = new MemoryDeliveries(1000);
    expect(memory.claim('a', 0)).toBe(true);
    expect(memory.claim('a', 999)).toBe(false);
    expect(memory.claim('a', 1000)).toBe(true);
    expect(memory.claim('b', 2500)).toBe(true);
    expect(memory.size).toBe(1); // 'a' is not kept past its time
  });

  it('are claimable again once expired, through the file when it can be written again', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    const database = new FullableDatabase({ deliveryTtlMs: 60_000, now: () => new Date(now) });
    const { deliveries } = database.store;
    database.fill();
    expect(await deliveries.claim('event:EvDuring')).toBe(true);
    database.clear();
    now += 59_999;
    expect(await deliveries.claim('event:EvDuring')).toBe(false);
    now += 1;
    expect(await deliveries.claim('event:EvDuring')).toBe(true);
  });

  it('are at most `limit`, the oldest forgotten first', () => {
    const memory = new MemoryDeliveries(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) expect(memory.claim(key, 0)).toBe(true);
    expect(memory.size).toBe(3);
    expect(memory.claim('a', 1)).toBe(true);
    expect(memory.claim('d', 1)).toBe(false);
    expect(memory.size).toBe(3);
  });
});

describe('WriteHealth', () => {
  it('reports a refused write once, with SQLite’s reason, and its end once', async () => {
    const database = new FullableDatabase();
    const { store } = database;
    const changes: Array<string | undefined> = [];
    store.writes.onChange((failure) => changes.push(failure));
    database.fill();
    for (let i = 0; i < 3; i++) await expect(store.feedback.record('p1', 'helpful')).rejects.toThrow(/full/);
    await store.deliveries.claim('event:Ev1');
    expect(changes).toEqual([FULL]);
    database.clear();
    await store.feedback.record('p1', 'helpful');
    await store.feedback.record('p1', 'helpful');
    expect(changes).toEqual([FULL, undefined]);
  });

  it('is not cleared by a write that changed nothing', async () => {
    const database = new FullableDatabase();
    const { store } = database;
    await store.deliveries.claim('event:Ev1');
    database.fill();
    await store.feedback.record('p1', 'helpful').catch(() => {});
    // Already claimed: the statement succeeds without writing a byte.
    expect(await store.deliveries.claim('event:Ev1')).toBe(false);
    expect(store.writes.failure).toBe(FULL);
  });

  it('does not take a refused value (a broken constraint) for a store that cannot write', async () => {
    const { store } = new FullableDatabase({ storeQuestions: true });
    const invalid = { platform: 'slack' as const, outcome: 'maybe' as 'answered', text: 'x' };
    await expect(store.usage.record(invalid)).rejects.toThrow(/CHECK constraint/);
    expect(store.writes.failure).toBeUndefined();
  });

  it('check() writes to find out that the disk has room again, at most once a second', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    const database = new FullableDatabase({ now: () => new Date(now) });
    const { writes } = database.store;
    expect(await writes.check()).toBeUndefined();
    database.fill();
    await database.store.deliveries.claim('event:Ev1');
    expect(await writes.check()).toBe(FULL);
    database.clear();
    now += 500;
    expect(await writes.check()).toBe(FULL); // not tried again yet
    now += 500;
    expect(await writes.check()).toBeUndefined();
  });
});
