import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/constants.js';
import { makeTempDir, projectRoot } from '../helpers.js';
import { eventFixture, fixture, uniqueTriggerId } from '../slack/support/fixtures.js';
import { testCore } from '../slack/support/harness.js';
import { interactionBody, postSigned } from '../slack/support/signing.js';
import { SlackStandIn } from '../slack/support/web-api-stand-in.js';
import { type ConnectorStandIn, postActivity, startConnector, fixture as teamsFixture } from '../teams/helpers.js';

// SIGTERM on `npm start` as a real process while every kind of outbound call hangs: Slack's
// chat.postMessage, views.publish and a response_url, and a Teams reply. Each call is given up after
// its own limit, all inside the shutdown grace, so the process still exits 0 (not 1, the backstop).

const SECRET = '0123456789abcdef0123456789abcdef';
const QUESTION = 'can I reply to a journalist who tweeted about our policy?';
const slackApi = new SlackStandIn();
let connector: ConnectorStandIn;
let child: ChildProcess;
let stderr = '';

beforeAll(async () => {
  await slackApi.start();
  connector = await startConnector();
  child = spawn(process.execPath, [join(projectRoot, 'dist', 'adapters', 'main.js')], {
    cwd: makeTempDir(),
    env: {
      PATH: process.env.PATH ?? '',
      INDEX_FILE: 'off',
      PORT: '0',
      DATABASE_FILE: join(makeTempDir(), 'guidance-bot.sqlite'),
      SLACK_BOT_TOKEN: 'xoxb-0000-hung-calls-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slackApi.apiUrl,
      TEAMS_ALLOW_ANONYMOUS: 'true',
      WEEKLY_CRON: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
});

afterAll(async () => {
  child.kill('SIGKILL');
  await slackApi.stop();
});

async function port(): Promise<number> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const found = /listening on port (\d+)/.exec(stderr);
    if (found) return Number(found[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not start:\n${stderr}`);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function helpfulClick(): unknown {
  const answer = testCore().answer({ question: QUESTION });
  if (!answer.answered) throw new Error('the bundled knowledge should answer this question');
  const click = fixture('interactive_block_actions_button');
  Object.assign(click, { trigger_id: uniqueTriggerId(), response_url: slackApi.responseUrl('hung') });
  const value = JSON.stringify({ r: { k: 'answer', p: answer.passage.id } });
  click.actions = [{ ...click.actions[0], action_id: ACTIONS.helpful, value }];
  return click;
}

describe('SIGTERM while outbound calls hang', () => {
  it('gives each call up within its limit and exits 0', async () => {
    const url = `http://127.0.0.1:${await port()}`;
    for (const method of ['chat.postMessage', 'views.publish', 'response_url']) {
      slackApi.failNext(method, { kind: 'stall' });
    }
    connector.failNext({ hang: true });

    const events = `${url}/slack/events`;
    const signed = { secret: SECRET };
    const acks = await Promise.all([
      postSigned(
        events,
        JSON.stringify(eventFixture('event_message_im', { text: QUESTION })),
        'application/json',
        signed,
      ),
      postSigned(
        events,
        JSON.stringify(eventFixture('event_app_home_opened', { tab: 'home' })),
        'application/json',
        signed,
      ),
      postSigned(events, interactionBody(helpfulClick()), 'application/x-www-form-urlencoded', signed),
    ]);
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200]);
    const activity = teamsFixture('message_personal');
    activity.serviceUrl = connector.serviceUrl;
    activity.text = QUESTION;
    const teamsAnswer = postActivity(`${url}/api/messages`, activity);

    // Every call has reached its stand-in, which will never answer it.
    await until(
      () =>
        slackApi.callsTo('chat.postMessage').length === 1 &&
        slackApi.callsTo('views.publish').length === 1 &&
        slackApi.callsTo('response_url').length === 1 &&
        connector.calls.length === 1,
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(stderr).not.toContain('stopping now');
    expect((await teamsAnswer).status).toBe(200);
    const lines = stderr.split('\n');
    for (const given of [
      'chat.postMessage failed: the request did not complete',
      'Publishing the Home tab failed: the request did not complete',
      'Recording feedback failed: TimeoutError',
      'turn failed (message): ConnectorTimeoutError',
    ]) {
      expect(lines.filter((line) => line.includes(given))).toHaveLength(1);
    }
    expect(stderr).not.toContain('journalist');
  }, 30_000);
});
