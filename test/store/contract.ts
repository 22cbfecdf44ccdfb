import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { feedback, questions, readOnlyStores, reports } from './contract-usage.js';

// What every implementation of the core's Store interface must do, whatever keeps the data: each
// implementation's test file calls storeContract once (test/store/sqlite.test.ts for SQLite). A second
// implementation (a server database) adds one call, and passes these unchanged.

/** The options every store implementation takes: what StoreConfig gives, and a clock for tests. */
export interface ContractStoreOptions {
  storeQuestions?: boolean;
  questionRetentionDays?: number;
  deliveryTtlMs?: number;
  /** Only to read (the report): writes are refused, nothing is purged. */
  readOnly?: boolean;
  now?: () => Date;
}

/**
 * Makes a new, empty place to keep things (a file, a database) and returns how to open a store on
 * it: each call opens one more store on that same place, as a restart or a second instance does.
 */
export type MakeStore = () => (options?: ContractStoreOptions) => Store;

/** Fresh places to open stores on, for one test file; what a test leaves open is closed after it. */
export interface Places {
  /** A new, empty place: each call of the returned function opens one more store on it. */
  place(): OpenOn;
  close(store: Store): Promise<void>;
  /** Opens a store, uses it, and closes it again: a run of the bot between restarts. */
  run<T>(open: OpenOn, options: ContractStoreOptions, use: (store: Store) => Promise<T> | T): Promise<T>;
}
export type OpenOn = (options?: ContractStoreOptions) => Store;

export function storeContract(name: string, makeStore: MakeStore): void {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  const places: Places = {
    place() {
      const open = makeStore();
      return (options = {}) => {
        const store = open(options);
        opened.push(store);
        return store;
      };
    },
    async close(store) {
      opened.splice(opened.indexOf(store), 1);
      await store.close();
    },
    async run(open, options, use) {
      const store = open(options);
      try {
        return await use(store);
      } finally {
        await places.close(store);
      }
    },
  };
  describe(`${name} store (the Store contract)`, () => {
    restarts(places);
    deliveries(places);
    questions(places);
    readOnlyStores(places);
    reports(places);
    conversations(places);
    weeklyPosts(places);
    feedback(places);
  });
}

function restarts({ place, run }: Places): void {
  it('keeps what was stored across a restart, and reports no write failure', async () => {
    const open = place();
    await run(open, {}, async (store) => {
      expect(store.writes.failure).toBeUndefined();
      expect(await store.writes.check()).toBeUndefined();
      await store.feedback.record('p1', 'helpful');
    });
    await run(open, {}, async (store) => {
      expect(await store.feedback.counts()).toEqual(new Map([['p1', { helpful: 1, notHelpful: 0 }]]));
    });
  });
}

function deliveries({ place, run, close }: Places): void {
  describe('deliveries', () => {
    it('are claimed once, and again once their time is up', async () => {
      let now = Date.parse('2026-11-25T10:00:00Z');
      const { deliveries } = place()({ deliveryTtlMs: 1000, now: () => new Date(now) });
      expect(await deliveries.claim('event:Ev1')).toBe(true);
      expect(await deliveries.claim('event:Ev1')).toBe(false);
      now += 1001;
      expect(await deliveries.claim('event:Ev1')).toBe(true);
    });

    it('are claimed once across two instances, and after a restart', async () => {
      const open = place();
      const first = open();
      const second = open();
      const claims = await Promise.all([first, second, first, second].map((store) => store.deliveries.claim('k')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await close(first);
      await close(second);
      await run(open, {}, async (store) => expect(await store.deliveries.claim('k')).toBe(false));
    });

    it('are purged once expired', async () => {
      let now = 0;
      const store = place()({ deliveryTtlMs: 10, now: () => new Date(now) });
      await store.deliveries.claim('a');
      await store.deliveries.claim('b');
      now = 11;
      expect(await store.purge()).toEqual({ deliveries: 2, questions: 0 });
    });
  });
}

function conversations({ place }: Places): void {
  describe('conversations', () => {
    it('are remembered, switched, deactivated, and active again when the bot is added back', async () => {
      const { conversations } = place()();
      const reference = { conversation: { id: '19:abc@thread.tacv2' }, serviceUrl: 'https://smba.example/' };
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(true);
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(false);
      expect(await conversations.setWeekly('teams', '19:abc@thread.tacv2', false)).toBe(true);
      expect(await conversations.list('teams', { weekly: true })).toEqual([]);
      await conversations.deactivate('teams', '19:abc@thread.tacv2', 'HTTP 403');
      expect(await conversations.get('teams', '19:abc@thread.tacv2')).toMatchObject({
        active: false,
        inactiveReason: 'HTTP 403',
        reference,
      });
      expect(await conversations.remember('teams', '19:abc@thread.tacv2', reference)).toBe(true);
      expect(await conversations.list('teams', { active: true, weekly: true })).toHaveLength(1);
      expect(await conversations.setWeekly('teams', 'unknown', true)).toBe(false);
    });

    it('are kept apart by platform, whatever the platform’s id', async () => {
      const { conversations } = place()();
      // Platform ids are the adapters' own: a new platform needs no change to the store.
      await conversations.remember('teams', 'room-1', { via: 'teams' });
      await conversations.remember('a-new-platform', 'room-1', { via: 'new' });
      await conversations.deactivate('a-new-platform', 'room-1', 'removed');
      expect(await conversations.get('teams', 'room-1')).toMatchObject({ active: true, reference: { via: 'teams' } });
      expect(await conversations.list('a-new-platform')).toMatchObject([
        { platform: 'a-new-platform', id: 'room-1', active: false, reference: { via: 'new' } },
      ]);
    });
  });
}

function weeklyPosts({ place }: Places): void {
  describe('weekly posts', () => {
    const key = { platform: 'slack', conversation: 'C0123456', week: '2026-W48' };

    it('are claimed by exactly one of two instances', async () => {
      const open = place();
      const stores = [open(), open()];
      const claims = await Promise.all(stores.map((store) => store.weeklyPosts.claim(key, 'not-alone')));
      expect(claims.sort()).toEqual([false, true]);
    });

    it('can be claimed again after a failure, never after a post or an unfinished claim', async () => {
      const { weeklyPosts } = place()();
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(true);
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(false); // claimed, maybe posting
      await weeklyPosts.failed(key, 'not_in_channel');
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(true);
      await weeklyPosts.posted(key, { messageId: '1700000000.000100', pinned: true });
      expect(await weeklyPosts.claim(key, 'not-alone')).toBe(false);
      expect(await weeklyPosts.list({ week: '2026-W48' })).toMatchObject([
        { ...key, status: 'posted', messageId: '1700000000.000100', pinned: true },
      ]);
    });

    it('remember their pins until unpinned', async () => {
      const { weeklyPosts } = place()();
      const earlier = { ...key, week: '2026-W47' };
      await weeklyPosts.claim(earlier, 'consult-and-engage');
      await weeklyPosts.posted(earlier, { messageId: '1.2', pinned: true });
      expect(await weeklyPosts.pinnedBefore('slack', 'C0123456', '2026-W48')).toMatchObject([{ week: '2026-W47' }]);
      await weeklyPosts.unpinned(earlier);
      expect(await weeklyPosts.pinnedBefore('slack', 'C0123456', '2026-W48')).toEqual([]);
    });
  });
}
