import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../adapters/store/index.js';
import { defaultWeeklySchedule, postWeeklyRound, startWeeklySchedule } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';
import { SlackStandIn } from '../slack/support/web-api-stand-in.js';
import {
  CHANNELS,
  postsPerChannel,
  recordingLog,
  slackEnv,
  slackPublisher,
  startWeekCli,
  testCore,
} from './support.js';

// The principle of the week appears once per channel per week whatever happens to the process: a
// restart, a crash half-way through, two instances at once, a slot missed while it was down.

const standIn = new SlackStandIn();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());
beforeEach(() => standIn.reset());

const once = Object.fromEntries(CHANNELS.map((channel) => [channel, 1]));
const databaseFile = () => join(makeTempDir(), 'guidance-bot.sqlite');

function roundOn(file: string, at: Date) {
  const store = openSqliteStore({ file });
  const publishers = [slackPublisher(standIn, CHANNELS)];
  return {
    store,
    run: () => postWeeklyRound({ core: testCore(), store, publishers, at, log: recordingLog() }),
  };
}

it('a restart mid-week posts nothing again', async () => {
  const file = databaseFile();
  const before = roundOn(file, new Date('2026-11-23T09:00:00Z'));
  expect((await before.run()).posted).toHaveLength(6);
  await before.store.close();
  // A new process on the same file, on Thursday.
  const after = roundOn(file, new Date('2026-11-26T15:00:00Z'));
  expect((await after.run()).skipped).toHaveLength(6);
  await after.store.close();
  expect(postsPerChannel(standIn)).toEqual(once);
});

it('a process killed half-way through: the restart posts the rest once, and the cut-off post never twice', async () => {
  const file = databaseFile();
  const env = slackEnv(standIn, file);
  // The third post reaches Slack and is never answered; the process is killed while it waits.
  standIn.failCall('chat.postMessage', 3, { kind: 'stall' });
  const crashing = startWeekCli(['--post-now'], env);
  await standIn.waitForCalls('chat.postMessage', 3);
  crashing.child.kill('SIGKILL');
  expect((await crashing.done).signal).toBe('SIGKILL');
  expect(postsPerChannel(standIn)).toEqual({ C0000000001: 1, C0000000002: 1, C0000000003: 1 });

  const restarted = await startWeekCli(['--post-now'], env).done;
  expect(restarted.stdout).toMatch(/3 posted, 3 already done or in progress, 0 failed/);
  expect(restarted.status).toBe(0);
  expect(postsPerChannel(standIn)).toEqual(once);
});

it('two instances at once against one database: one post per channel', async () => {
  const env = slackEnv(standIn, databaseFile());
  const [a, b] = await Promise.all([startWeekCli(['--post-now'], env).done, startWeekCli(['--post-now'], env).done]);
  expect([a.status, b.status]).toEqual([0, 0]);
  expect(postsPerChannel(standIn)).toEqual(once);
  const posted = (run: { stdout: string }) => Number(/(\d+) posted/.exec(run.stdout)?.[1]);
  expect(posted(a) + posted(b)).toBe(6);
});

describe('a missed slot', () => {
  async function startAt(file: string, now: string): Promise<string[]> {
    const store = openSqliteStore({ file });
    const publishers = [slackPublisher(standIn, CHANNELS)];
    const weeks: string[] = [];
    const schedule = startWeeklySchedule(
      defaultWeeklySchedule,
      async (slot) => {
        weeks.push(
          (await postWeeklyRound({ core: testCore(), store, publishers, at: slot, log: recordingLog() })).week,
        );
      },
      (error) => {
        throw error;
      },
      () => new Date(now),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await schedule.stop();
    await store.close();
    return weeks;
  }

  it('is posted once by a process started later that week, and not again by the next start', async () => {
    const file = databaseFile();
    // Down at Monday 09:00; started on Wednesday, then restarted on Friday.
    expect(await startAt(file, '2026-11-25T10:00:00Z')).toEqual(['2026-W48']);
    expect(await startAt(file, '2026-11-27T10:00:00Z')).toEqual(['2026-W48']);
    expect(postsPerChannel(standIn)).toEqual(once);
  });

  it("is not posted for a week that is over: started the next week, only the new week's is posted", async () => {
    const file = databaseFile();
    // Down all of week 48; started on Sunday night before the slot, then on Tuesday of week 49.
    expect(await startAt(file, '2026-11-30T07:00:00Z')).toEqual([]);
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
    expect(await startAt(file, '2026-12-01T10:00:00Z')).toEqual(['2026-W49']);
    const store = openSqliteStore({ file });
    expect(new Set((await store.weeklyPosts.list()).map((post) => post.week))).toEqual(new Set(['2026-W49']));
    await store.close();
    expect(postsPerChannel(standIn)).toEqual(once);
  });
});
