import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFixture, fixture, helpfulClick, type Json, uniqueTriggerId } from '../slack/support/fixtures.js';
import { SIGNING_SECRET, TestSlack } from '../slack/support/harness.js';
import { commandBody, interactionBody, signature } from '../slack/support/signing.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';

// Requests Slack did not send, or sent once: 401 or no effect, and never a second reply. (A bad
// signature, another secret and a stale timestamp are in test/slack/reliability.test.ts.)

const slack = new TestSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const QUESTION = 'can I reply to a journalist who tweeted about our policy?';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** One request exactly as it goes over the wire, so that it can be sent again byte for byte. */
interface RawRequest {
  body: string;
  headers: Record<string, string>;
}

function signed(body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): RawRequest {
  return {
    body,
    headers: {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': signature(SIGNING_SECRET, timestamp, body),
    },
  };
}

async function send({ body, headers }: RawRequest): Promise<Response> {
  const response = await fetch(slack.eventsUrl, { method: 'POST', body, headers });
  await slack.settle();
  return response;
}

function without(request: RawRequest, header: string): RawRequest {
  const headers = { ...request.headers };
  delete headers[header];
  return { ...request, headers };
}

const mention = (): Json => eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
const command = (): Record<string, string> => ({
  ...fixture('slash_command'),
  command: '/guidance',
  text: QUESTION,
  trigger_id: uniqueTriggerId(),
  response_url: slack.standIn.responseUrl('command'),
});

describe('missing or malformed signature headers: 401, nothing done', () => {
  it.each([
    ['no signature', (request: RawRequest) => without(request, 'X-Slack-Signature')],
    ['no timestamp', (request: RawRequest) => without(request, 'X-Slack-Request-Timestamp')],
    ['neither', (request: RawRequest) => without(without(request, 'X-Slack-Signature'), 'X-Slack-Request-Timestamp')],
    [
      'a timestamp that is not a number',
      (request: RawRequest) => ({ ...request, headers: { ...request.headers, 'X-Slack-Request-Timestamp': 'now' } }),
    ],
    [
      'a signature with no version',
      (request: RawRequest) => ({
        ...request,
        headers: { ...request.headers, 'X-Slack-Signature': request.headers['X-Slack-Signature']?.slice(3) ?? '' },
      }),
    ],
  ])('%s', async (_case, spoil) => {
    const response = await send(spoil(signed(JSON.stringify(mention()), JSON_TYPE)));
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });
});

describe('a correctly signed request stamped in the future: 401, nothing done', () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['six minutes ahead', () => now() + 6 * 60],
    ['an hour ahead', () => now() + 60 * 60],
    ['ten years ahead', () => now() + 10 * 365 * 24 * 60 * 60],
    ['now and a half (t.5)', () => now() + 0.5],
    ['a minute ahead, with a fraction', () => now() + 60.25],
  ])('%s', async (_case, timestamp) => {
    const request = signed(JSON.stringify(mention()), JSON_TYPE, timestamp());
    const response = await send(request);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    expect(slack.standIn.calls).toEqual([]);
  });

  it('a slash command an hour ahead: 401, and no answer in the response', async () => {
    const response = await send(signed(commandBody(command()), FORM_TYPE, now() + 60 * 60));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('four minutes ahead (a server clock a little behind Slack’s) is still accepted', async () => {
    const response = await send(signed(JSON.stringify(mention()), JSON_TYPE, now() + 4 * 60));
    expect(response.status).toBe(200);
    expect(slack.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('a body re-serialised after signing (the signature covers the exact bytes)', () => {
  it.each([
    ['re-indented', (raw: string) => JSON.stringify(JSON.parse(raw), null, 2)],
    [
      'keys in another order',
      (raw: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(raw)).reverse())),
    ],
    ['with a trailing newline', (raw: string) => `${raw}\n`],
    [
      'with non-ASCII escaped',
      (raw: string) => raw.replace(/’|é/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ],
  ])('an event %s: 401', async (_case, reserialise) => {
    const body = mention();
    body.event.text += ' — what’s the café’s view?';
    const original = signed(JSON.stringify(body), JSON_TYPE);
    const changed = reserialise(original.body);
    expect(changed).not.toBe(original.body);
    expect(await send({ ...original, body: changed })).toHaveProperty('status', 401);
    expect(slack.standIn.calls).toEqual([]);
    // The same bytes as signed are answered: the change alone is what was refused.
    expect(await send(original)).toHaveProperty('status', 200);
    expect(slack.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a slash command with its spaces re-encoded (+ as %20): 401', async () => {
    const original = signed(commandBody(command()), FORM_TYPE);
    const changed = original.body.replaceAll('+', '%20');
    expect(changed).not.toBe(original.body);
    const response = await send({ ...original, body: changed });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });
});

describe('ssl_check with something smuggled in', () => {
  it('unsigned, as a form carrying an interaction payload: 401, no call', async () => {
    const click = fixture('interactive_block_actions_button');
    click.response_url = slack.standIn.responseUrl('smuggled');
    const body = `ssl_check=1&token=x&${interactionBody(click)}`;
    const response = await send({ body, headers: { 'Content-Type': FORM_TYPE } });
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('unsigned, as a form carrying a slash command: 401, no answer in the response', async () => {
    const body = commandBody({ ssl_check: '1', ...command() });
    const response = await send({ body, headers: { 'Content-Type': FORM_TYPE } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    expect(slack.standIn.calls).toEqual([]);
  });

  it('unsigned, as JSON with an event: 401, no call', async () => {
    const response = await send({
      body: JSON.stringify({ ssl_check: '1', ...mention() }),
      headers: { 'Content-Type': JSON_TYPE },
    });
    expect(response.status).toBe(401);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('even signed, an ssl_check is only acknowledged: the event or command in it is not run', async () => {
    const event = await send(signed(JSON.stringify({ ssl_check: '1', ...mention() }), JSON_TYPE));
    const slash = await send(signed(commandBody({ ssl_check: '1', ...command() }), FORM_TYPE));
    expect([event.status, slash.status]).toEqual([200, 200]);
    expect(await slash.text()).toBe('');
    expect(slack.standIn.calls).toEqual([]);
  });
});

describe('a valid request replayed byte for byte, within the five minutes: acknowledged, never a second reply', () => {
  it('an @mention, replayed at once and a little later', async () => {
    const request = signed(JSON.stringify(mention()), JSON_TYPE);
    expect((await send(request)).status).toBe(200);
    expect((await send(request)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await send(request)).status).toBe(200);
    expect(slack.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('an @mention replayed many times at once', async () => {
    const request = signed(JSON.stringify(mention()), JSON_TYPE);
    const responses = await Promise.all(Array.from({ length: 10 }, () => send(request)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(slack.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a slash command: the answer comes back once; the replay gets an empty acknowledgement', async () => {
    const request = signed(commandBody(command()), FORM_TYPE);
    const first = await send(request);
    expect(first.status).toBe(200);
    expect(((await first.json()) as Json).blocks.length).toBeGreaterThan(0);
    const replay = await send(request);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('');
    expect(slack.standIn.calls).toEqual([]);
  });

  it('a Helpful click: counted once, acknowledged once', async () => {
    const passage = slack.core.answer({ question: QUESTION });
    if (!passage.answered) throw new Error('the bundled knowledge should answer this question');
    const click = helpfulClick(passage.passage.id, slack.standIn.responseUrl('click'));
    const before = (await slack.feedback.counts()).get(passage.passage.id)?.helpful ?? 0;
    const request = signed(interactionBody(click), FORM_TYPE);
    for (let i = 0; i < 3; i++) expect((await send(request)).status).toBe(200);
    expect((await slack.feedback.counts()).get(passage.passage.id)?.helpful).toBe(before + 1);
    expect(slack.standIn.callsTo('response_url')).toHaveLength(1);
  });
});
