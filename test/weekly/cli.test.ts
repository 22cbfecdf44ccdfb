import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderPlain } from '../../adapters/cli/render.js';
import { openSqliteStore } from '../../adapters/store/index.js';
import { makeTempDir } from '../helpers.js';
import { SlackStandIn } from '../slack/support/web-api-stand-in.js';
import { type ConnectorStandIn, startConnector } from '../teams/helpers.js';
import { CHANNELS, postsPerChannel, runWeekCli, slackEnv, testCore } from './support.js';

// `npm run week` and `npm run week -- --post-now`, run as the compiled CLI in a child process.

const standIn = new SlackStandIn();
let connector: ConnectorStandIn;
beforeAll(async () => {
  await standIn.start();
  connector = await startConnector();
});
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.reset();
  connector.reset();
});

const databaseFile = () => join(makeTempDir(), 'data', 'guidance-bot.sqlite');
const thisWeek = () => testCore().week(new Date());

describe('npm run week', () => {
  it("prints this week's principle as the week command does, and creates no database", async () => {
    const file = databaseFile();
    const run = await runWeekCli([], { DATABASE_FILE: file });
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith(`${renderPlain(thisWeek())}\n`)).toBe(true);
    expect(run.stdout).toContain('No database at');
    expect(existsSync(file)).toBe(false);
  });

  it("shows this week's posts once there are some", async () => {
    const file = databaseFile();
    standIn.failNext('chat.postMessage', { kind: 'slack-error', error: 'not_in_channel' });
    await runWeekCli(['--post-now'], slackEnv(standIn, file, CHANNELS.slice(0, 2)));
    const run = await runWeekCli([], { DATABASE_FILE: file });
    expect(run.status).toBe(0);
    const status = run.stdout.slice(renderPlain(thisWeek()).length).trim().split('\n');
    expect(status[0]).toBe(`Posts for ${thisWeek().week}:`);
    expect(status[1]).toBe('  slack C0000000001: not posted (not_in_channel); the next round tries again');
    expect(status[2]).toMatch(/^ {2}slack C0000000002: posted and pinned at \d{4}-\d\d-\d\dT/);
  });
});

describe('npm run week -- --post-now', () => {
  it('posts to every channel once, prints the summary and exits 0', async () => {
    const file = databaseFile();
    const run = await runWeekCli(['--post-now'], slackEnv(standIn, file));
    expect(run.stdout.trim()).toBe(
      `Principle of the week ${thisWeek().week} (${thisWeek().principle.id}): 6 posted, 0 already done or in progress, 0 failed`,
    );
    expect(run.status).toBe(0);
    expect(postsPerChannel(standIn)).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel, 1])));
    expect(standIn.succeeded('pins.add')).toHaveLength(6);
    for (const call of standIn.calls)
      expect(call.authorization).toBe(`Bearer ${slackEnv(standIn, file).SLACK_BOT_TOKEN}`);
    expect(run.stderr).not.toContain(slackEnv(standIn, file).SLACK_BOT_TOKEN);
  });

  it('exits 1 when a post failed, naming where', async () => {
    standIn.failNext('chat.postMessage', { kind: 'slack-error', error: 'channel_not_found' });
    const run = await runWeekCli(['--post-now'], slackEnv(standIn, databaseFile(), CHANNELS.slice(0, 2)));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('1 failed (slack C0000000001)');
    expect(run.stdout).toContain('1 posted, 0 already done or in progress');
  });

  it('posts to remembered Teams conversations (anonymous: no app id)', async () => {
    const file = databaseFile();
    const store = openSqliteStore({ file });
    const reference = {
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      bot: { id: '28:bot', name: 'guidance-bot' },
      conversation: { id: '19:cli-team@thread.tacv2', isGroup: true, conversationType: 'channel' },
    };
    await store.conversations.remember('teams', '19:cli-team@thread.tacv2', reference);
    await store.close();
    const run = await runWeekCli(['--post-now'], { TEAMS_ALLOW_ANONYMOUS: 'true', DATABASE_FILE: file });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 posted');
    expect(connector.calls.map((call) => call.conversationId)).toEqual(['19:cli-team@thread.tacv2']);
    expect(connector.cards()).toHaveLength(1);
  });

  it('a Teams conversation that answers 404 is marked inactive, and that is not a failure: exit 0', async () => {
    const file = databaseFile();
    const store = openSqliteStore({ file });
    const id = '19:removed-team@thread.tacv2';
    await store.conversations.remember('teams', id, {
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      bot: { id: '28:bot', name: 'guidance-bot' },
      conversation: { id, isGroup: true, conversationType: 'channel' },
    });
    await store.close();
    connector.failNext({ status: 404 });
    const run = await runWeekCli(['--post-now'], { TEAMS_ALLOW_ANONYMOUS: 'true', DATABASE_FILE: file });
    expect(run.stdout).toContain(
      '0 posted, 0 already done or in progress, 1 no longer reachable (marked inactive), 0 failed',
    );
    expect(run.status).toBe(0);
    const after = openSqliteStore({ file });
    expect((await after.conversations.get('teams', id))?.active).toBe(false);
    await after.close();
  });

  it('refuses a malformed setting with its message, before sending anything', async () => {
    const env = { ...slackEnv(standIn, databaseFile()), WEEKLY_SLACK_CHANNELS: 'general' };
    const run = await runWeekCli(['--post-now'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('WEEKLY_SLACK_CHANNELS must list channel ids');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(standIn.calls).toEqual([]);
  });

  it('says there is nowhere to post when no platform is configured', async () => {
    const file = databaseFile();
    const run = await runWeekCli(['--post-now'], { DATABASE_FILE: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('There is nowhere to post');
    expect(existsSync(file)).toBe(false);
  });
});
