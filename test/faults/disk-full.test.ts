import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logStoreHealth } from '../../adapters/store-health.js';
import { eventFixture, fixture, type Json, uniqueTriggerId } from '../slack/support/fixtures.js';
import { TestSlack } from '../slack/support/harness.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';
import { FullableDatabase } from './support/full-database.js';

// The database full (SQLite's own SQLITE_FULL, on a real file) while Slack sends events over signed
// HTTP to the real Bolt receiver: every question is still answered, once; GET /readyz says why it is
// not ready while /healthz stays ok; and both recover by themselves once the disk has room again.

const database = new FullableDatabase();
const { store } = database;
const slack = new TestSlack({ store, readiness: () => store.writes.check() });
beforeAll(async () => {
  await slack.start();
  logStoreHealth(store.writes, slack.slack.logger);
});
afterAll(() => slack.stop());

const QUESTION = 'a journalist asked me about our policy on Twitter, can I reply?';
const FULL = 'SQLITE_FULL: database or disk is full';
const mention = () => eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
const directMessage = () => eventFixture('event_message_im', { text: QUESTION });
const posts = () => slack.standIn.succeeded('chat.postMessage');
const retry = (attempt: number) => ({
  headers: { 'X-Slack-Retry-Num': String(attempt), 'X-Slack-Retry-Reason': 'http_timeout' },
});

async function get(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${slack.server.url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function guidance(text: string): Promise<Response> {
  const fields = fixture('slash_command');
  Object.assign(fields, { command: '/guidance', text, trigger_id: uniqueTriggerId() });
  const response = await slack.sendCommand(fields);
  await slack.settle();
  return response;
}

const handledBeforeTheFault = mention();

describe('while the database can be written', () => {
  it('is ready, and answers', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    await slack.deliver(handledBeforeTheFault);
    expect(posts()).toHaveLength(1);
  });
});

describe('while the database is full', () => {
  beforeAll(() => {
    database.fill();
    slack.reset();
  });

  it('answers a mention and a DM, once each, retries included', async () => {
    const [first, second] = [mention(), directMessage()];
    for (const body of [first, second]) expect((await slack.deliver(body)).status).toBe(200);
    expect(posts().map((call) => call.body.channel)).toEqual([first.event.channel, second.event.channel]);
    for (const attempt of [1, 2, 3]) {
      for (const body of [first, second]) expect((await slack.deliver(body, retry(attempt))).status).toBe(200);
    }
    expect(posts()).toHaveLength(2);
  });

  it('answers the same event delivered twice at once only once', async () => {
    slack.reset();
    const body = mention();
    await Promise.all([slack.sendEvent(body), slack.sendEvent(body, retry(1))]);
    await slack.settle();
    expect(posts()).toHaveLength(1);
  });

  it('still drops a retry of a delivery handled before the disk filled (its key is in the file)', async () => {
    slack.reset();
    await slack.deliver(handledBeforeTheFault, retry(1));
    expect(posts()).toEqual([]);
  });

  it('answers /guidance in its acknowledgement', async () => {
    const response = await guidance(QUESTION);
    expect(response.status).toBe(200);
    const reply: Json = await response.json();
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('Principle');
  });

  it('is not ready, and says why, while /healthz stays ok', async () => {
    expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'not ready', reason: FULL } });
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('logs the fault once, without the question', () => {
    const lines = slack.logs.filter((line) => line.includes('cannot be written'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(FULL);
    expect(slack.logs.join('\n')).not.toContain('journalist');
  });
});

describe('once the disk has room again', () => {
  let claimedDuringTheFault: Json;
  beforeAll(async () => {
    claimedDuringTheFault = mention();
    await slack.deliver(claimedDuringTheFault);
    database.clear();
    slack.reset();
  });

  it('is ready again without waiting for traffic, and logs that it is', async () => {
    await expect
      .poll(async () => (await get('/readyz')).body, { timeout: 5000, interval: 200 })
      .toEqual({
        status: 'ready',
      });
    expect(slack.logs.filter((line) => line.includes('The database can be written again'))).toHaveLength(1);
  });

  it('still drops a retry of a delivery it remembered only in memory', async () => {
    await slack.deliver(claimedDuringTheFault, retry(2));
    expect(posts()).toEqual([]);
  });
});
