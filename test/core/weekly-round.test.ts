import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../adapters/store/index.js';
import {
  PublishError,
  postWeeklyRound,
  type Store,
  type WeeklyPost,
  type WeeklyPublisher,
  type WeekReply,
} from '../../src/index.js';
import { makeTempDir, openTempStore } from '../helpers.js';
import { recordingLog, recordingSleep, testCore } from '../weekly/support.js';

// The round itself, with a publisher that records what it was asked to send: claims, retries,
// failures, inactive conversations and unpinning, against real SQLite files.

const WEEK_48 = new Date('2026-11-25T10:00:00Z');
const WEEK_49 = new Date('2026-12-02T10:00:00Z');

interface Recorder extends WeeklyPublisher {
  sent: string[];
  unpinned: string[];
  /** Failures to throw, in order, for the next sends. */
  failures: Array<PublishError | Error>;
}

function recorder(destinations: string[], options: { unpinFails?: boolean } = {}): Recorder {
  const sent: string[] = [];
  const unpinned: string[] = [];
  const failures: Array<PublishError | Error> = [];
  return {
    platform: 'slack',
    sent,
    unpinned,
    failures,
    destinations: async () => destinations,
    async publish(conversation: string, week: WeekReply) {
      // A real publisher waits on the network: let other rounds run meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(`${conversation} ${week.week}`);
      return { messageId: `${conversation}-${week.week}`, pinned: true };
    },
    async unpin(conversation: string, post: WeeklyPost) {
      if (options.unpinFails) throw new Error('unpin refused');
      unpinned.push(`${conversation} ${post.week}`);
    },
  };
}

function round(store: Store, publishers: WeeklyPublisher[], at = WEEK_48) {
  const log = recordingLog();
  const { sleep, waits } = recordingSleep();
  const result = postWeeklyRound({ core: testCore(), store, publishers, at, log, sleep });
  return { result, log, waits };
}

describe('one post per conversation per week', () => {
  it('posts to every destination, and a second round the same week posts nothing', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1', 'C2']);
    const first = await round(store, [publisher]).result;
    expect(first).toMatchObject({ week: '2026-W48', posted: ['slack C1', 'slack C2'], skipped: [], failed: [] });
    expect(first.principleId).toBe(testCore().week(WEEK_48).principle.id);
    const second = await round(store, [publisher]).result;
    expect(second).toMatchObject({ posted: [], skipped: ['slack C1', 'slack C2'] });
    expect(publisher.sent).toEqual(['C1 2026-W48', 'C2 2026-W48']);
  });

  it('two stores on one file, racing, post each conversation once', async () => {
    const file = join(makeTempDir(), 'shared.sqlite');
    const a = openSqliteStore({ file });
    const b = openSqliteStore({ file });
    const publisher = recorder(['C1', 'C2', 'C3']);
    const [one, two] = await Promise.all([round(a, [publisher]).result, round(b, [publisher]).result]);
    expect(publisher.sent.sort()).toEqual(['C1 2026-W48', 'C2 2026-W48', 'C3 2026-W48']);
    expect([...one.posted, ...two.posted].sort()).toEqual(['slack C1', 'slack C2', 'slack C3']);
    await a.close();
    await b.close();
  });
});

describe('failures', () => {
  it('retries a retry failure, waiting as the platform said, then the doubling backoff', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1']);
    publisher.failures.push(new PublishError('retry', 'HTTP 429', 5000), new PublishError('retry', 'HTTP 503'));
    publisher.failures.push(new PublishError('retry', 'HTTP 503'));
    const { result, waits } = round(store, [publisher]);
    expect((await result).posted).toEqual(['slack C1']);
    expect(waits).toEqual([5000, 4000, 8000]);
  });

  it('gives up after 4 attempts, records the failure, and the next round tries again', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1']);
    for (let i = 0; i < 4; i++) publisher.failures.push(new PublishError('retry', 'HTTP 503'));
    const first = await round(store, [publisher]).result;
    expect(first.failed).toEqual(['slack C1']);
    expect((await store.weeklyPosts.list())[0]).toMatchObject({ status: 'failed', error: 'HTTP 503' });
    const second = await round(store, [publisher]).result;
    expect(second.posted).toEqual(['slack C1']);
  });

  it('when stopped, gives up a retry it is waiting for and claims nothing more; the next round posts them', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1', 'C2']);
    publisher.failures.push(new PublishError('retry', 'HTTP 429'));
    const stopping = new AbortController();
    const never = () => new Promise<void>(() => {}); // a backoff that would outlast any shutdown
    const result = postWeeklyRound({
      core: testCore(),
      store,
      publishers: [publisher],
      at: WEEK_48,
      log: recordingLog(),
      sleep: never,
      signal: stopping.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stopping.abort();
    const stopped = await result;
    expect(stopped.failed).toEqual(['slack C1']);
    expect(stopped.posted).toEqual([]);
    expect(await store.weeklyPosts.list()).toMatchObject([{ conversation: 'C1', status: 'failed' }]);
    expect((await round(store, [publisher]).result).posted).toEqual(['slack C1', 'slack C2']);
  });

  it('does not retry not-posted in the round, and the next round tries again', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1']);
    publisher.failures.push(new PublishError('not-posted', 'not_in_channel'));
    const { result, waits } = round(store, [publisher]);
    expect((await result).failed).toEqual(['slack C1']);
    expect(waits).toEqual([]);
    expect((await round(store, [publisher]).result).posted).toEqual(['slack C1']);
  });

  it.each([
    ['unknown', new PublishError('unknown', 'HTTP 500')],
    ['an unexpected error', new TypeError('boom')],
  ])('never sends again after %s: the claim stays', async (_, failure) => {
    const store = openTempStore();
    const publisher = recorder(['C1']);
    publisher.failures.push(failure);
    const { result, log } = round(store, [publisher]);
    expect((await result).failed).toEqual(['slack C1']);
    expect(log.lines.join('\n')).toContain('it may or may not have been posted');
    expect((await round(store, [publisher]).result).skipped).toEqual(['slack C1']);
    expect(publisher.sent).toEqual([]);
    expect((await store.weeklyPosts.list())[0]?.status).toBe('claimed');
  });

  it('marks a gone conversation inactive', async () => {
    const store = openTempStore();
    await store.conversations.remember('teams', 'T1', { conversation: { id: 'T1' } });
    const publisher = { ...recorder(['T1']), platform: 'teams' as const };
    publisher.failures.push(new PublishError('gone', 'HTTP 403'));
    await round(store, [publisher]).result;
    expect(await store.conversations.get('teams', 'T1')).toMatchObject({ active: false, inactiveReason: 'HTTP 403' });
  });

  it('never marks a post failed once the platform has it, even if recording it fails', async () => {
    const store = openTempStore();
    const broken: Store = {
      ...store,
      weeklyPosts: {
        ...store.weeklyPosts,
        posted: async () => {
          throw new Error('disk I/O error');
        },
      },
    };
    const publisher = recorder(['C1', 'C2']);
    const { result, log } = round(broken, [publisher]);
    expect((await result).posted).toEqual(['slack C1', 'slack C2']);
    expect(log.lines.join('\n')).toContain('posted to slack C1, but not recorded');
    await round(store, [publisher]).result;
    expect(publisher.sent).toEqual(['C1 2026-W48', 'C2 2026-W48']);
  });

  it("one platform's destinations failing does not stop the other's posts", async () => {
    const store = openTempStore();
    const failing: WeeklyPublisher = {
      ...recorder([]),
      platform: 'teams',
      destinations: async () => {
        throw new Error('database is locked');
      },
    };
    const slack = recorder(['C1']);
    const summary = await round(store, [failing, slack]).result;
    expect(summary).toMatchObject({ posted: ['slack C1'], failed: ['teams'] });
  });
});

describe('pins', () => {
  it("unpins the earlier weeks' posts once this week's is posted", async () => {
    const store = openTempStore();
    const publisher = recorder(['C1']);
    await round(store, [publisher], WEEK_48).result;
    await round(store, [publisher], WEEK_49).result;
    expect(publisher.unpinned).toEqual(['C1 2026-W48']);
    const posts = await store.weeklyPosts.list();
    expect(posts.map((post) => [post.week, post.pinned])).toEqual([
      ['2026-W48', false],
      ['2026-W49', true],
    ]);
  });

  it('keeps a post it could not unpin marked pinned, so the next week tries again', async () => {
    const store = openTempStore();
    const publisher = recorder(['C1'], { unpinFails: true });
    await round(store, [publisher], WEEK_48).result;
    const { result, log } = round(store, [publisher], WEEK_49);
    await result;
    expect(log.lines.join('\n')).toContain('Could not unpin the 2026-W48 principle');
    expect((await store.weeklyPosts.pinnedBefore('slack', 'C1', '2026-W50')).map((post) => post.week)).toEqual([
      '2026-W48',
      '2026-W49',
    ]);
  });
});
