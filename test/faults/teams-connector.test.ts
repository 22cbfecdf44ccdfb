import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTOR_TIMEOUT_MS } from '../../adapters/teams/connector-timeout.js';
import { APOLOGY } from '../../src/index.js';
import { startBotFrameworkAuth } from '../teams/auth-stand-ins.js';
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
    expect(connector.calls.map((call) => call.body.text)).not.toContain(APOLOGY);
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

describe('a connector that never answers', () => {
  it('gives the reply up after its limit, logs one line, and answers Teams within its 15 s', async () => {
    const activity = channelMention();
    connector.failNext({ hang: true });
    const started = Date.now();
    const response = await postActivity(bot.url, activity);
    const tookMs = Date.now() - started;
    expect(response.status).toBe(200);
    // The reply, given up, then the apology (which the connector answers).
    expect(connector.calls).toHaveLength(2);
    expect(connector.calls[1]?.body.text).toBe(APOLOGY);
    // Behaviour, not speed: Teams gives up on the request after 15 s and may send it again.
    expect(tookMs).toBeLessThan(15_000);
    const failures = bot.logger.lines.filter((line) => line.startsWith('error'));
    expect(failures).toEqual([
      `error turn failed (message): ConnectorTimeoutError: no answer from the Bot Framework connector within ${CONNECTOR_TIMEOUT_MS / 1000} s`,
    ]);
    expect(bot.logger.lines.join('\n')).not.toContain('journalist');
  }, 30_000);
});

describe('a token endpoint that never answers', () => {
  it('gives the reply up after the same limit: the bot’s token is fetched inside it', async () => {
    const auth = await startBotFrameworkAuth();
    const signedBot = await startBot(auth.config, { credentialsFactory: auth.credentialsFactory });
    auth.tokenEndpoint.silent = true;
    const activity = channelMention();
    const response = await postActivity(signedBot.url, activity, {
      authorization: `Bearer ${await auth.sign(connector.serviceUrl)}`,
    });
    expect(response.status).toBe(200);
    // Neither the reply nor the apology got a token, so neither reached the connector.
    expect(auth.tokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(connector.calls).toEqual([]);
    expect(signedBot.logger.lines.filter((line) => line.startsWith('error'))).toEqual([
      `error turn failed (message): ConnectorTimeoutError: no answer from the Bot Framework connector within ${CONNECTOR_TIMEOUT_MS / 1000} s`,
      `error could not send the apology either: ConnectorTimeoutError: no answer from the Bot Framework connector within ${CONNECTOR_TIMEOUT_MS / 1000} s`,
    ]);
  }, 30_000);
});
