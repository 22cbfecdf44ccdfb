import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../helpers.js';
import { launchServerProcess } from '../server-process.js';
import { SlackStandIn } from '../slack/support/web-api-stand-in.js';
import { postsPerChannel, slackEnv, testCore } from './support.js';

// `npm start` runs the schedule: a slot already passed this week is posted at start-up, once, with a
// summary line; the schedule stops on SIGTERM before the store closes; a restart posts nothing again.

const standIn = new SlackStandIn();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

it('posts a slot missed this week at start-up, once across a restart', async () => {
  const channels = ['C0000000001', 'C0000000002'];
  const env = {
    ...slackEnv(standIn, join(makeTempDir(), 'guidance-bot.sqlite'), channels),
    // Every minute: the last slot has always just passed (a Monday-09:00 one would depend on today).
    WEEKLY_CRON: '* * * * *',
  };
  const week = testCore().week(new Date());
  for (const run of ['first', 'restart']) {
    const server = await launchServerProcess(env);
    await expect
      .poll(() => /Principle of the week \S+ \(\S+\): \d+ posted[^"\n]*/.exec(server.stderr())?.[0], {
        timeout: 15_000,
      })
      .toBe(
        `Principle of the week ${week.week} (${week.principle.id}): ${run === 'first' ? 2 : 0} posted, ` +
          `${run === 'first' ? 0 : 2} already done or in progress, 0 failed`,
      );
    server.kill('SIGTERM');
    expect(await server.exitCode).toBe(0);
  }
  expect(postsPerChannel(standIn)).toEqual({ C0000000001: 1, C0000000002: 1 });
}, 40_000);
