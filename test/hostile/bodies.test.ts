import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES as LIMITS } from '../../adapters/request-body.js';

const MAX_BODY_BYTES = LIMITS.slack;

import { eventFixture } from '../slack/support/fixtures.js';
import { SIGNING_SECRET } from '../slack/support/harness.js';
import { postSigned } from '../slack/support/signing.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';
import { fixture } from '../teams/helpers.js';
import { CombinedServer } from './support/combined-server.js';

// Bodies no platform sends, on the server as `npm start` runs it (Slack and Teams on one port): each is
// refused or ignored, nothing is posted to Slack or Teams, and the server goes on serving.

const server = new CombinedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => server.reset());

const SLACK = '/slack/events';
const TEAMS = '/api/messages';

/** Every case ends the same way: nothing went out, and the server still answers. */
async function expectNoEffect(): Promise<void> {
  await server.settle();
  expect(server.outbound()).toEqual([]);
  expect(await server.healthy()).toBe(true);
}

function post(path: string, body: string | Uint8Array, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } });
}

/** POSTs to the Slack route with a valid signature, so that the body itself is what is tested. */
function postSignedToSlack(body: string, contentType: 'application/json' | 'application/x-www-form-urlencoded') {
  return postSigned(`${server.url}${SLACK}`, body, contentType, { secret: SIGNING_SECRET });
}

function teamsMessage(text = 'can I reply to a tweet about our policy?') {
  const activity = fixture('message_personal');
  activity.serviceUrl = server.connector.serviceUrl;
  activity.text = text;
  return activity;
}

function slackMention() {
  return eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> can I reply to a tweet?` });
}

describe('a body that is not JSON', () => {
  it('Slack (even correctly signed): 400', async () => {
    const response = await postSignedToSlack('{"type": "event_callback", "event": {', 'application/json');
    expect(response.status).toBe(400);
    await expectNoEffect();
  });

  it('Teams: 400', async () => {
    const response = await post(TEAMS, '{"type": "message", "text": ');
    expect(response.status).toBe(400);
    await expectNoEffect();
  });
});

describe('a content type the platform never sends', () => {
  it.each([
    ['text/plain', SLACK],
    ['text/plain', TEAMS],
    ['multipart/form-data; boundary=x', SLACK],
    ['application/x-www-form-urlencoded', TEAMS],
    ['application/xml', TEAMS],
  ])('%s to %s: 415, even with a body that would otherwise be answered', async (contentType, path) => {
    const body = JSON.stringify(path === SLACK ? slackMention() : teamsMessage());
    const response =
      path === SLACK
        ? await postSigned(`${server.url}${SLACK}`, body, contentType as 'application/json', { secret: SIGNING_SECRET })
        : await post(TEAMS, body, contentType);
    expect(response.status).toBe(415);
    await expectNoEffect();
  });

  it('no content type at all: 415', async () => {
    for (const path of [SLACK, TEAMS]) {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', body: new Uint8Array([123, 125]) });
      expect(response.status).toBe(415);
    }
    await expectNoEffect();
  });

  it('JSON with a charset is still JSON: a Teams message is answered', async () => {
    const response = await post(TEAMS, JSON.stringify(teamsMessage()), 'application/json; charset=utf-8');
    expect(response.status).toBe(200);
    expect(server.connector.calls).toHaveLength(1);
  });
});

describe('an oversized body (over 1 MB)', () => {
  const oversized = `{"type":"message","text":"${'x'.repeat(MAX_BODY_BYTES)}"}`;

  it.each([SLACK, TEAMS])('%s: 413', async (path) => {
    const response = await post(path, oversized);
    expect(response.status).toBe(413);
    await expectNoEffect();
  });

  it('a body just under the limit is read (and, unsigned, refused by Slack with 401)', async () => {
    const response = await post(SLACK, `"${'x'.repeat(MAX_BODY_BYTES - 10)}"`);
    expect(response.status).toBe(401);
    await expectNoEffect();
  });

  it.each([SLACK, TEAMS])(
    '%s: answered at once from Content-Length, before the body is sent (nothing is buffered)',
    async (path) => {
      const { status, bytesSent } = await send(path, { contentLength: 1024 * 1024 * 1024, chunks: 1 });
      expect(status).toBe(413);
      expect(bytesSent).toBeLessThan(MAX_BODY_BYTES);
      await expectNoEffect();
    },
  );

  it.each([SLACK, TEAMS])('%s: with no Content-Length, cut off once the limit is passed', async (path) => {
    // 64 KB chunks, up to 64 MB: the answer must come long before the sender runs out.
    const { status, bytesSent } = await send(path, { chunks: 1024 });
    expect(status).toBe(413);
    expect(bytesSent).toBeLessThan(16 * MAX_BODY_BYTES);
    await expectNoEffect();
  });
});

describe('the Teams body limit (128 KB: activities are a few KB, the cards we receive under 28 KB)', () => {
  const padded = (bytes: number) => {
    const activity = teamsMessage();
    const base = JSON.stringify({ ...activity, channelData: { pad: '' } }).length;
    return JSON.stringify({ ...activity, channelData: { pad: 'x'.repeat(bytes - base) } });
  };

  it('an activity of just under 128 KB is answered', async () => {
    const response = await post(TEAMS, padded(128 * 1024 - 16));
    expect(response.status).toBe(200);
    expect(server.connector.calls).toHaveLength(1);
  });

  it('one of just over 128 KB is refused with 413, and nothing is posted', async () => {
    const response = await post(TEAMS, padded(128 * 1024 + 16));
    expect(response.status).toBe(413);
    await expectNoEffect();
  });
});

// Deeper than Node's stack lets a naive recursion go (about 10,000 frames), and still small enough that
// both kinds together fit under the Teams body limit.
describe('deeply nested JSON (12,000 levels)', () => {
  const LEVELS = 12_000;
  const arrays = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;
  const objects = `${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`;

  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('of %s: Teams answers 400 promptly, Slack 401 unsigned; the next request is served', async (_kind, body) => {
    const started = Date.now();
    const [teams, slack] = await Promise.all([post(TEAMS, body), post(SLACK, body)]);
    expect(teams.status).toBe(400);
    expect(slack.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2000);
    await expectNoEffect();
  });

  it('inside a Teams activity, or a correctly signed Slack event: no crash, and the next request is answered', async () => {
    const activity = JSON.stringify({ ...teamsMessage('hello'), channelData: { tenant: { id: 't' } } }).replace(
      /}$/,
      `,"value":${arrays},"entities":${objects}}`,
    );
    const event = JSON.stringify(slackMention()).replace(/}$/, `,"authorizations":${objects}}`);
    const started = Date.now();
    const [teams, slack] = await Promise.all([post(TEAMS, activity), postSignedToSlack(event, 'application/json')]);
    expect(Date.now() - started).toBeLessThan(2000);
    // Answered or refused, either is safe; neither is a server error.
    expect(teams.status).toBeLessThan(500);
    expect(slack.status).toBeLessThan(500);
    await server.settle();
    expect(await server.healthy()).toBe(true);

    server.reset();
    expect((await post(TEAMS, JSON.stringify(teamsMessage()))).status).toBe(200);
    expect((await server.sendSlackEvent(slackMention())).status).toBe(200);
    await server.settle();
    expect(server.connector.calls).toHaveLength(1);
    expect(server.slackApi.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

/**
 * Sends `chunks` chunks of 64 KB (declaring `contentLength`, or chunked), stopping as soon as the
 * server answers. Resolves with the status and how many bytes had been sent by then.
 */
function send(
  path: string,
  { contentLength, chunks }: { contentLength?: number; chunks: number },
): Promise<{ status: number; bytesSent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = httpRequest(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }),
      },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, bytesSent });
      request.destroy();
    });
    // The server closes the connection after refusing: writing on may fail, which is expected.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const writeMore = () => {
      while (!answered && sent < chunks) {
        sent++;
        bytesSent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', writeMore);
          return;
        }
      }
      // A declared length is never reached: the server must answer without waiting for it.
      if (!answered && contentLength === undefined) request.end();
    };
    writeMore();
  });
}
