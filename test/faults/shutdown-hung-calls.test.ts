import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchServerProcess, type ServerProcess } from '../server-process.js';
import { eventFixture, helpfulClick } from '../slack/support/fixtures.js';
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
let server: ServerProcess;

beforeAll(async () => {
  await slackApi.start();
  connector = await startConnector();
  server = await launchServerProcess({
    SLACK_BOT_TOKEN: 'xoxb-0000-hung-calls-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slackApi.apiUrl,
    TEAMS_ALLOW_ANONYMOUS: 'true',
  });
});

afterAll(() => slackApi.stop());

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function helpfulClickOnAnswer(): unknown {
  const answer = testCore().answer({ question: QUESTION });
  if (!answer.answered) throw new Error('the bundled knowledge should answer this question');
  return helpfulClick(answer.passage.id, slackApi.responseUrl('hung'));
}

describe('SIGTERM while outbound calls hang', () => {
  it('gives each call up within its limit and exits 0', async () => {
    await server.healthy();
    const { url } = server;
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
      postSigned(events, interactionBody(helpfulClickOnAnswer()), 'application/x-www-form-urlencoded', signed),
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
    server.kill('SIGTERM');

    expect(await server.exitCode).toBe(0);
    expect(server.stderr()).not.toContain('stopping now');
    expect((await teamsAnswer).status).toBe(200);
    const lines = server.stderr().split('\n');
    for (const given of [
      'chat.postMessage failed: the request did not complete',
      'Publishing the Home tab failed: the request did not complete',
      'Recording feedback failed: TimeoutError',
      'turn failed (message): ConnectorTimeoutError',
    ]) {
      expect(lines.filter((line) => line.includes(given))).toHaveLength(1);
    }
    expect(server.stderr()).not.toContain('journalist');
  }, 30_000);
});
