import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT } from '../../adapters/teams/server.js';
import {
  type ConnectorStandIn,
  fixture,
  postActivity,
  type RunningBot,
  startBot,
  startConnector,
} from '../teams/helpers.js';

// Replies through the real CloudAdapter when the Bot Framework connector (a local stand-in) fails:
// what is worth retrying is retried with backoff and arrives once; what is not is logged, and a
// conversation the bot can no longer post to is marked inactive.

const QUESTION = 'can I reply to a journalist who asked me about policy on Twitter?';
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  bot = await startBot();
});
beforeEach(() => {
  connector.reset();
  bot.logger.lines.length = 0;
});

function channelMention() {
  const activity = fixture('message_channel_mention_bot');
  activity.serviceUrl = connector.serviceUrl;
  activity.text = `<at>fakebot</at> ${QUESTION}`;
  return activity;
}

const replies = () => connector.calls.filter((call) => (call.body.attachments?.length ?? 0) > 0);

describe('a reply the connector refuses for now', () => {
  it.each([429, 412, 502, 503, 504])('is retried after a %i and arrives once', async (status) => {
    connector.failNext({ status });
    const response = await postActivity(bot.url, channelMention());
    expect(response.status).toBe(200);
    expect(connector.calls).toHaveLength(2); // the failed attempt, then the reply
    expect(replies()).toHaveLength(2);
    expect(connector.calls.map((call) => call.body.text)).not.toContain(APOLOGY_TEXT);
  });
});

describe('a reply the connector refuses for good', () => {
  it.each([403, 404])('is not retried after a %i: logged, and the conversation marked inactive', async (status) => {
    const activity = channelMention();
    await bot.conversations.remember('teams', activity.conversation.id.split(';')[0] as string, {});
    connector.failNext({ status });
    const response = await postActivity(bot.url, activity);
    expect(response.status).toBe(200);
    expect(connector.calls).toHaveLength(1); // no retry, and no apology into a conversation that is gone
    expect(bot.logger.lines.join('\n')).toContain(`HTTP ${status}`);
    expect(bot.logger.lines.join('\n')).not.toContain('journalist');
    const stored = await bot.conversations.get('teams', activity.conversation.id.split(';')[0] as string);
    expect(stored).toMatchObject({ active: false, inactiveReason: `HTTP ${status}` });
  });

  it('is not retried after a 413, and is logged; the conversation stays active', async () => {
    const activity = channelMention();
    await bot.conversations.remember('teams', activity.conversation.id.split(';')[0] as string, {});
    connector.failNext({ status: 413 });
    await postActivity(bot.url, activity);
    expect(replies()).toHaveLength(1);
    expect(bot.logger.lines.join('\n')).toContain('HTTP 413');
    const stored = await bot.conversations.get('teams', activity.conversation.id.split(';')[0] as string);
    expect(stored?.active).toBe(true);
  });
});
