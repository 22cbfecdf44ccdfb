import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFixture } from '../slack/support/fixtures.js';
import { TestSlack } from '../slack/support/harness.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';

// A slow Slack Web API must not slow the acknowledgement: Slack re-sends anything not acknowledged
// within 3 seconds, which would double every reply. The ack goes first; the reply follows.

const slack = new TestSlack();
beforeAll(async () => {
  await slack.start();
  slack.standIn.delayMs = 2000;
});
afterAll(() => slack.stop());

describe('with a slow Web API', () => {
  it.each([
    [
      'an @mention',
      () => eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> can I reply to this tweet?` }),
    ],
    ['a DM', () => eventFixture('event_message_im', { text: 'can I reply to this tweet?' })],
  ])('%s is acknowledged before the reply is posted, and answered once', async (_name, body) => {
    slack.standIn.reset();
    const ack = await slack.sendEvent(body());
    expect(ack.status).toBe(200);
    // At the ack, the reply is still on its way (or not yet sent): nothing answered by the slow API.
    expect(slack.standIn.calls.filter((call) => call.answered)).toEqual([]);
    await slack.settle();
    await slack.standIn.settled();
    expect(slack.standIn.succeeded('chat.postMessage')).toHaveLength(1);
  });
});
