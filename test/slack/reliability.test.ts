import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../adapters/rate-limit.js';
import { RATE_LIMITED } from '../../src/index.js';
import { eventFixture } from './support/fixtures.js';
import { BOT_TOKEN, SIGNING_SECRET, TestSlack } from './support/harness.js';
import { BOT_USER_ID } from './support/web-api-stand-in.js';

// Signatures, repeated deliveries, and the Web API failing: each event gets exactly one reply, and
// nothing is done for a request Slack did not sign.

const slack = new TestSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const QUESTION = 'a member of the public is being abusive in our replies, do we answer?';
const mention = () => eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
const posts = () => slack.standIn.callsTo('chat.postMessage');

describe('request signatures', () => {
  it('a bad signature gets 401 and makes no Web API call', async () => {
    const response = await slack.deliver(mention(), { forgedSignature: `v0=${'0'.repeat(64)}` });
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('a body signed with another secret gets 401 and makes no Web API call', async () => {
    const response = await slack.deliver(mention(), { secret: 'fedcba9876543210fedcba9876543210' });
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('a stale timestamp (over 5 minutes old), even correctly signed, gets 401 and makes no call', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await slack.deliver(mention(), { timestamp: sixMinutesAgo });
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('a correctly signed request four minutes old is accepted', async () => {
    const response = await slack.deliver(mention(), { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(response.status).toBe(200);
    expect(posts()).toHaveLength(1);
  });
});

describe('repeated deliveries: exactly one reply per event', () => {
  it('the same event twice in a row', async () => {
    const body = mention();
    await slack.deliver(body);
    const again = await slack.deliver(body);
    expect(again.status).toBe(200);
    expect(posts()).toHaveLength(1);
  });

  it('the same event twice at once', async () => {
    const body = mention();
    const responses = await Promise.all([slack.sendEvent(body), slack.sendEvent(body)]);
    await slack.settle();
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(posts()).toHaveLength(1);
  });

  it('a retry whose first delivery never arrived is answered', async () => {
    const retry = { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
    const response = await slack.deliver(mention(), { headers: retry });
    expect(response.status).toBe(200);
    expect(posts()).toHaveLength(1);
  });

  it('a retry of a delivery already handled is acknowledged and dropped', async () => {
    const body = mention();
    await slack.deliver(body);
    for (const attempt of ['1', '2', '3']) {
      const response = await slack.deliver(body, { headers: { 'X-Slack-Retry-Num': attempt } });
      expect(response.status).toBe(200);
    }
    expect(posts()).toHaveLength(1);
  });
});

describe('the Web API failing', () => {
  it('a 429 is waited out (Retry-After) and tried again: exactly one post', async () => {
    slack.standIn.failNext('chat.postMessage', { kind: 'rate-limited', retryAfter: 1 });
    const started = Date.now();
    await slack.deliver(mention());
    expect(posts().map((call) => call.status)).toEqual([429, 200]);
    expect(slack.standIn.succeeded('chat.postMessage')).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a 500 on chat.postMessage is not retried (it may have posted)', async () => {
    slack.standIn.failNext('chat.postMessage', { kind: 'server-error' });
    await slack.deliver(mention());
    expect(posts().map((call) => call.status)).toEqual([500]);
  });

  it('a dropped connection on chat.postMessage is not retried either', async () => {
    slack.standIn.failNext('chat.postMessage', { kind: 'drop-connection' });
    await slack.deliver(mention());
    expect(posts()).toHaveLength(1);
  });

  it('logs the failures without tokens or question text', async () => {
    slack.standIn.failNext('chat.postMessage', { kind: 'server-error' });
    await slack.deliver(mention());
    const logs = slack.logs.join('');
    expect(logs).toContain('chat.postMessage failed: HTTP 500');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, QUESTION, 'abusive']) expect(logs).not.toContain(secret);
  });
});

describe('the per-user rate limit', () => {
  const limited = new TestSlack({ rateLimiter: new RateLimiter({ limit: 2 }) });
  beforeAll(() => limited.start());
  afterAll(() => limited.stop());

  it('answers a person’s first questions, then says politely (and privately) to wait', async () => {
    for (let i = 0; i < 3; i++) await limited.deliver(mention());
    expect(limited.standIn.callsTo('chat.postMessage')).toHaveLength(2);
    const [notice, ...more] = limited.standIn.callsTo('chat.postEphemeral');
    expect(more).toEqual([]);
    expect(notice?.body).toMatchObject({ user: 'UFAKEUSER01', channel: 'C123ABC456' });
    expect(notice?.body.text).toBe(RATE_LIMITED);

    await limited.deliver(
      eventFixture('event_app_mention_channel', { user: 'USOMEONEELSE', text: `<@${BOT_USER_ID}> ${QUESTION}` }),
    );
    expect(limited.standIn.callsTo('chat.postMessage')).toHaveLength(3);
  });
});
