import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/log.js';
import { RateLimiter } from '../../adapters/rate-limit.js';
import { parseReplyRef } from '../../adapters/reply-refs.js';
import { parseFeedbackRef } from '../../adapters/slack/button-values.js';
import { deliveryKey } from '../../adapters/slack/dedupe.js';
import { escapeSlackText, fitText, plainTextFromSlack } from '../../adapters/slack/escape.js';
import { createPoster } from '../../adapters/slack/post.js';
import { SlackStandIn } from './support/web-api-stand-in.js';

// The small parts the listeners are built from, each on its own.

describe('deliveryKey', () => {
  it('keys events by event_id and other payloads by trigger_id', () => {
    expect(deliveryKey({ event_id: 'Ev1', trigger_id: 't' })).toBe('event:Ev1');
    expect(deliveryKey({ trigger_id: '1.2.3' })).toBe('trigger:1.2.3');
    expect(deliveryKey({ type: 'url_verification' })).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('allows `limit` questions a window per person, counting only those allowed', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 60_000, now: () => now });
    expect([limiter.take('U1'), limiter.take('U1'), limiter.take('U1'), limiter.take('U2')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    now = 60_001;
    expect(limiter.take('U1')).toBe(true);
  });
});

describe('text', () => {
  it('escapes the three control characters', () => {
    expect(escapeSlackText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('fits text to a limit without cutting an escape', () => {
    const fitted = fitText('a&b&c&d&e&f', 12);
    expect(fitted.length).toBeLessThanOrEqual(12);
    expect(fitted).toBe('a&amp;b…');
  });

  it('reads Slack message text as plain words', () => {
    const text =
      '<@UBOT> can I post <https://x.gov.uk/a|this link> in <#C1|general> to <!here> &amp; <@U2|ann>? 3 &lt; 4';
    expect(plainTextFromSlack(text, 'UBOT')).toBe('can I post this link in #general to @here & @ann? 3 < 4');
    expect(plainTextFromSlack('<!subteam^S1|@press> by <!date^1392734382^{date}|Feb 18>')).toBe('@press by Feb 18');
  });

  it('drops the slash command’s name typed at the start, and only there', () => {
    expect(plainTextFromSlack('/guidance principle 3')).toBe('principle 3');
    expect(plainTextFromSlack('<@UBOT> /Guidance help', 'UBOT')).toBe('help');
    expect(plainTextFromSlack('/guidance')).toBe('');
    expect(plainTextFromSlack('/guidance-notes is a channel')).toBe('/guidance-notes is a channel');
    expect(plainTextFromSlack('can I quote /guidance here?')).toBe('can I quote /guidance here?');
  });
});

describe('button values', () => {
  it('are checked before use', () => {
    expect(parseReplyRef('{"k":"answer","p":"smg12-tip-10-abusive","a":["x"]}')).toEqual({
      k: 'answer',
      p: 'smg12-tip-10-abusive',
      a: ['x'],
    });
    expect(parseReplyRef('{"k":"week","d":"2026-11-25"}')).toEqual({ k: 'week', d: '2026-11-25' });
    for (const bad of ['', 'not json', '[]', '{"k":"answer"}', '{"k":"week","d":"soon"}', '{"k":"delete"}']) {
      expect(parseReplyRef(bad)).toBeUndefined();
    }
    expect(parseFeedbackRef('{"r":{"k":"answer","p":"x"},"by":"<!channel>"}')).toBeUndefined();
    expect(parseFeedbackRef('{"r":{"k":"answer","p":"x"},"s":1,"by":"U123"}')).toEqual({
      r: { k: 'answer', p: 'x' },
      s: 1,
      by: 'U123',
    });
  });
});

describe('createPoster against the stand-in', () => {
  const standIn = new SlackStandIn();
  const waits: number[] = [];
  const logs: string[] = [];
  let poster: ReturnType<typeof createPoster>;
  beforeAll(async () => {
    await standIn.start();
    poster = createPoster({
      token: 'xoxb-0000-test',
      slackApiUrl: standIn.apiUrl,
      logger: createLogger('info', { write: (line) => logs.push(line) }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.reset();
    waits.length = 0;
  });

  it('waits out each 429 for its Retry-After, a bounded number of times', async () => {
    for (let i = 0; i < 4; i++) standIn.failNext('chat.postMessage', { kind: 'rate-limited', retryAfter: 2 });
    await expect(poster.postMessage({ channel: 'C1', text: 'hi' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than it is worth', async () => {
    standIn.failNext('chat.postEphemeral', { kind: 'rate-limited', retryAfter: 600 });
    await expect(poster.postEphemeral({ channel: 'C1', user: 'U1', text: 'hi' })).rejects.toBeDefined();
    expect(waits).toEqual([]);
    expect(standIn.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('passes Slack’s refusal on, once, with its error name logged', async () => {
    standIn.failNext('chat.postEphemeral', { kind: 'slack-error', error: 'channel_not_found' });
    await expect(poster.postEphemeral({ channel: 'C1', user: 'U1', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect(standIn.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(logs.join('')).toContain('chat.postEphemeral failed: Slack said channel_not_found');
  });
});
