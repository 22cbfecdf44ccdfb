import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_THANKS } from '../../src/index.js';
import { eventFixture, fixture } from './support/fixtures.js';
import { TestSlack } from './support/harness.js';
import { BOT_USER_ID } from './support/web-api-stand-in.js';

// Events API surfaces over real signed HTTP: mentions, direct messages, the Home tab, and the messages
// that must be ignored.

const slack = new TestSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const QUESTION = 'someone is being really abusive in our replies, do we answer?';

describe('an @mention in a channel', () => {
  it('is answered in the thread of the mention, with the passage the core chose', async () => {
    const body = eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
    const response = await slack.deliver(body);

    expect(response.status).toBe(200);
    const [post, ...more] = slack.standIn.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(post?.body).toMatchObject({ channel: body.event.channel, thread_ts: body.event.ts });
    const expected = slack.core.answer({ question: QUESTION });
    if (!expected.answered) throw new Error('the bundled knowledge should answer this question');
    expect(JSON.stringify(post?.body.blocks)).toContain(expected.passage.id);
    expect(post?.body.text).toContain(`Principle ${expected.principle.number}`);
  });

  it('inside a thread is answered in that same thread', async () => {
    const body = eventFixture('event_app_mention_channel', {
      text: `<@${BOT_USER_ID}> ${QUESTION}`,
      ts: '1515449600.000100',
      thread_ts: '1515449522.000016',
    });
    await slack.deliver(body);
    expect(slack.standIn.callsTo('chat.postMessage').map((call) => call.body.thread_ts)).toEqual(['1515449522.000016']);
  });

  it('with nothing but the mention gets the help', async () => {
    await slack.deliver(eventFixture('event_app_mention_channel_bolt', { text: `<@${BOT_USER_ID}>` }));
    const [post] = slack.standIn.callsTo('chat.postMessage');
    expect(post?.body).toMatchObject({ channel: 'C111', thread_ts: '1595926230.009600' });
    expect(JSON.stringify(post?.body.blocks)).toContain('@guidance-bot principles');
  });

  it('from another app (bot_id) is ignored', async () => {
    await slack.deliver(
      eventFixture('event_app_mention_channel', { bot_id: 'B999', text: `<@${BOT_USER_ID}> ${QUESTION}` }),
    );
    expect(slack.standIn.calls).toEqual([]);
  });
});

describe('a direct message', () => {
  it('is answered in the DM, with feedback buttons', async () => {
    const body = eventFixture('event_message_im', { text: QUESTION });
    await slack.deliver(body);

    const [post, ...more] = slack.standIn.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(post?.body.channel).toBe('DFAKEDM0001');
    expect(post?.body.thread_ts).toBeUndefined();
    const actions = JSON.stringify(post?.body.blocks);
    expect(actions).toContain('feedback_helpful');
    expect(actions).not.toContain(FEEDBACK_THANKS);
  });

  it('runs the shared commands ("principles")', async () => {
    await slack.deliver(eventFixture('event_message_im', { text: 'principles' }));
    const [post] = slack.standIn.callsTo('chat.postMessage');
    for (const principle of slack.core.principles())
      expect(JSON.stringify(post?.body.blocks)).toContain(principle.title);
  });

  it('runs a shared command typed after the slash command’s name, as in a thread where Slack does not run it', async () => {
    await slack.deliver(eventFixture('event_message_im', { text: '/guidance principle 3' }));
    const [post] = slack.standIn.callsTo('chat.postMessage');
    const third = slack.core.principles()[2];
    expect(post?.body.text).toContain(`Principle 3`);
    expect(JSON.stringify(post?.body.blocks)).toContain(third?.title);
  });

  it.each([
    ['a bot message (subtype bot_message)', 'event_message_bot_message'],
    ['a bot message as documented (no channel)', 'event_message_bot_message_docs'],
    ['another app’s message with no subtype but a bot_id', 'event_message_from_other_app_no_subtype'],
    ['an edit (message_changed)', 'event_message_changed'],
    ['an edit as documented', 'event_message_changed_docs'],
    ['a message in a channel (not a DM)', 'event_message_channel_user'],
  ])('ignores %s: no Web API call', async (_, name) => {
    // Made to look like DMs wherever the fixture allows, so that only the subtype or bot_id stops them.
    const body = eventFixture(
      name,
      name === 'event_message_channel_user' ? {} : { channel_type: 'im', text: QUESTION },
    );
    const response = await slack.deliver(body);
    expect(response.status).toBe(200);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('answers a reply also sent to the conversation (thread_broadcast), in its thread', async () => {
    await slack.deliver(eventFixture('event_message_thread_broadcast', { channel_type: 'im', text: QUESTION }));
    expect(slack.standIn.callsTo('chat.postMessage').map((call) => call.body.thread_ts)).toEqual(['1633663824.000500']);
  });

  it('ignores a deletion (message_deleted)', async () => {
    const body = eventFixture('event_message_changed', { subtype: 'message_deleted', channel_type: 'im' });
    delete body.event.message;
    await slack.deliver(body);
    expect(slack.standIn.calls).toEqual([]);
  });

  it('ignores the bot’s own messages', async () => {
    await slack.deliver(eventFixture('event_message_im', { user: BOT_USER_ID, text: QUESTION }));
    expect(slack.standIn.calls).toEqual([]);
  });
});

describe('the Home tab', () => {
  it('is published with the principle of the week, the six principles and how to ask', async () => {
    const body = eventFixture('event_app_home_opened', { tab: 'home' });
    await slack.deliver(body);

    const [publish, ...more] = slack.standIn.callsTo('views.publish');
    expect(more).toEqual([]);
    expect(publish?.body.user_id).toBe('W111');
    const view = publish?.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    const week = slack.core.week();
    expect(text).toContain('Principle of the week');
    expect(text).toContain(week.principle.title);
    expect(slack.core.principles()).toHaveLength(6);
    for (const principle of slack.core.principles()) expect(text).toContain(principle.title);
    expect(text).toContain('How to ask');
    expect(text).toContain('/guidance');
  });

  it('is not published when the Messages tab is opened', async () => {
    await slack.deliver(eventFixture('event_app_home_opened'));
    expect(slack.standIn.calls).toEqual([]);
  });
});

describe('the request URL', () => {
  it('answers Slack’s url_verification challenge', async () => {
    const body = fixture('url_verification');
    const response = await slack.sendEvent(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: body.challenge });
  });

  it('serves GET /healthz', async () => {
    const response = await fetch(`${slack.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
