import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { ACTIONS, CHECK_SHORTCUT_CALLBACK_ID } from '../../adapters/slack/constants.js';
import { CHECK_MOVED_NOTE, CHECK_QUESTION, createCore, FEEDBACK_THANKS } from '../../src/index.js';
import { eventFixture, fixture, type Json, uniqueTriggerId } from './support/fixtures.js';
import { TestSlack } from './support/harness.js';
import { BOT_USER_ID } from './support/web-api-stand-in.js';

// The message shortcut and the buttons on answers, over real signed HTTP. The core offers the next
// two passages as alternatives however far behind they are, so that every answer has both buttons.

const slack = new TestSlack({
  core: createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE], answerPolicy: { alternativeShare: 0 } }),
});
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const QUESTION = 'someone is being really abusive in our replies, do we answer?';

function shortcut(messageText: string): Json {
  const body = fixture('interactive_message_action');
  Object.assign(body, { callback_id: CHECK_SHORTCUT_CALLBACK_ID, trigger_id: uniqueTriggerId() });
  body.response_url = slack.standIn.responseUrl('shortcut');
  body.message.text = messageText;
  return body;
}

/** The answer the bot posts for a question in a DM (channel D…) or a channel mention (C…). */
async function postedAnswer(where: 'dm' | 'channel'): Promise<{ post: Json; channel: string; ts: string }> {
  const body =
    where === 'dm'
      ? eventFixture('event_message_im', { text: QUESTION })
      : eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
  await slack.deliver(body);
  const [post] = slack.standIn.callsTo('chat.postMessage');
  slack.reset();
  return { post: post?.body, channel: body.event.channel, ts: '1700000000.999999' };
}

function buttonOf(message: Json, actionId: string): Json {
  const elements = message.blocks.filter((block: Json) => block.type === 'actions').flatMap((b: Json) => b.elements);
  return elements.find((element: Json) => element.action_id === actionId);
}

/** A block_actions payload for a click on `button` in a message the bot posted at `ts` in `channel`. */
function click(button: Json, channel: string, ts: string, options: { ephemeral?: boolean } = {}): Json {
  const body = fixture('interactive_block_actions_button');
  Object.assign(body, { trigger_id: uniqueTriggerId(), response_url: slack.standIn.responseUrl('click') });
  body.container = { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: options.ephemeral ?? false };
  body.channel = { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' };
  if (!options.ephemeral) body.message = { type: 'message', ts, text: 'answer', user: BOT_USER_ID };
  body.actions = [{ ...body.actions[0], action_id: button.action_id, value: button.value, block_id: 'b' }];
  return body;
}

describe('the “Check against the guidance” shortcut', () => {
  it('answers “Can I reply to this?” about the message, privately (chat.postEphemeral)', async () => {
    const text = "<@W222> your department's policy is a disgrace &amp; a joke, care to comment?";
    const response = await slack.sendInteraction(shortcut(text));
    await slack.settle();

    expect(response.status).toBe(200);
    const [ephemeral, ...more] = slack.standIn.callsTo('chat.postEphemeral');
    expect(more).toEqual([]);
    expect(ephemeral?.body).toMatchObject({ channel: 'C111', user: 'W111' });
    const context = "@someone your department's policy is a disgrace & a joke, care to comment?";
    const expected = slack.core.answer({ question: CHECK_QUESTION, context });
    if (!expected.answered) throw new Error('the bundled knowledge should answer this');
    expect(JSON.stringify(ephemeral?.body.blocks)).toContain(expected.passage.id);
    expect(slack.standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('falls back to a DM when Slack refuses the ephemeral message (not_in_channel)', async () => {
    slack.standIn.failNext('chat.postEphemeral', { kind: 'slack-error', error: 'not_in_channel' });
    await slack.sendInteraction(shortcut('Can we retweet this announcement from the minister?'));
    await slack.settle();

    expect(slack.standIn.callsTo('conversations.open').map((call) => call.body.users)).toEqual(['W111']);
    const [dm, ...more] = slack.standIn.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(dm?.body.channel).toBe('DOPENED0001');
    expect(JSON.stringify(dm?.body.blocks)).toContain(CHECK_MOVED_NOTE.slice(0, 30));
  });

  it('does not also send a DM when the ephemeral post failed in a way that may have delivered it (500)', async () => {
    slack.standIn.failNext('chat.postEphemeral', { kind: 'server-error' });
    await slack.sendInteraction(shortcut('Can we retweet this announcement from the minister?'));
    await slack.settle();
    expect(slack.standIn.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(slack.standIn.callsTo('conversations.open')).toEqual([]);
    expect(slack.standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  // Slack delivered the ephemeral answer and its reply was lost on the way: not a refusal, so no DM.
  it.each([
    ['garbage', 'text/plain', 'Quimbleton static'],
    ['JSON cut short', 'application/json', '{"ok":false,"error":"not_in_chan'],
    ['a proxy’s HTML page', 'text/html', '<html><title>Quimbleton gateway</title></html>'],
  ])('does not also send a DM after a 200 with %s, and does not log it', async (_, contentType, body) => {
    slack.logs.length = 0;
    slack.standIn.failNext('chat.postEphemeral', { kind: 'unreadable', contentType, body });
    await slack.sendInteraction(shortcut('Can we retweet this announcement from the minister?'));
    await slack.settle();
    expect(slack.standIn.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(slack.standIn.callsTo('conversations.open')).toEqual([]);
    expect(slack.standIn.callsTo('chat.postMessage')).toEqual([]);
    const logged = slack.logs.join('');
    expect(logged).toContain("Checking a message failed: Slack's answer could not be read");
    expect(logged).not.toContain('Quimbleton');
    expect(logged).not.toContain('not_in_chan');
  });
});

describe('Helpful / Not helpful', () => {
  it('records the passage id and verdict, and replaces the buttons with thanks', async () => {
    const { post, channel, ts } = await postedAnswer('dm');
    const helpful = buttonOf(post, ACTIONS.helpful);
    const passageId = JSON.parse(helpful.value).r.p;
    const before = (await slack.feedback.counts()).get(passageId)?.helpful ?? 0;

    const response = await slack.sendInteraction(click(helpful, channel, ts));
    await slack.settle();

    expect(response.status).toBe(200);
    expect((await slack.feedback.counts()).get(passageId)).toEqual({ helpful: before + 1, notHelpful: 0 });
    const [replace, ...more] = slack.standIn.callsTo('response_url');
    expect(more).toEqual([]);
    expect(replace?.body.replace_original).toBe(true);
    const blocks = JSON.stringify(replace?.body.blocks);
    expect(blocks).toContain(FEEDBACK_THANKS);
    expect(blocks).not.toContain(ACTIONS.helpful);
    expect(blocks).toContain(slack.core.passage(passageId)?.passage.text);
  });

  it('counts Not helpful on an ephemeral answer, keeping its Share button', async () => {
    const fields = Object.assign(fixture('slash_command'), {
      command: '/guidance',
      text: QUESTION,
      trigger_id: uniqueTriggerId(),
    });
    const answer = await (await slack.sendCommand(fields)).json();
    const notHelpful = buttonOf(answer, ACTIONS.notHelpful);
    const passageId = JSON.parse(notHelpful.value).r.p;

    await slack.sendInteraction(click(notHelpful, 'C111', '111.222', { ephemeral: true }));
    await slack.settle();

    expect((await slack.feedback.counts()).get(passageId)?.notHelpful).toBe(1);
    const [replace] = slack.standIn.callsTo('response_url');
    expect(JSON.stringify(replace?.body.blocks)).toContain(FEEDBACK_THANKS);
    expect(buttonOf(replace?.body, ACTIONS.share)).toBeDefined();
  });

  it('keeps nothing but passage ids and counts', async () => {
    for (const [id, counts] of await slack.feedback.counts()) {
      expect(slack.core.passage(id)).toBeDefined();
      expect(Object.keys(counts).sort()).toEqual(['helpful', 'notHelpful']);
    }
    expect(JSON.stringify([...(await slack.feedback.counts())])).not.toContain('in our replies');
  });
});

describe('alternatives', () => {
  it('in a channel: shown only to the person who clicked (ephemeral via response_url)', async () => {
    const { post, channel, ts } = await postedAnswer('channel');
    const first = buttonOf(post, 'show_alternative_1');
    const passageId = JSON.parse(first.value).p;

    await slack.sendInteraction(click(first, channel, ts));
    await slack.settle();

    const [shown, ...more] = slack.standIn.callsTo('response_url');
    expect(more).toEqual([]);
    expect(shown?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const suggestion = slack.core.passage(passageId);
    expect(shown?.body.blocks[0].text.text).toBe(
      `Principle ${suggestion?.principle.number}: ${suggestion?.principle.title}`,
    );
    expect(JSON.stringify(shown?.body.blocks)).toContain(passageId);
    expect(slack.standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('in a DM: posted in the answer’s thread', async () => {
    const { post, channel, ts } = await postedAnswer('dm');
    const second = buttonOf(post, 'show_alternative_2');
    await slack.sendInteraction(click(second, channel, ts));
    await slack.settle();

    const [shown, ...more] = slack.standIn.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(shown?.body).toMatchObject({ channel, thread_ts: ts });
    expect(JSON.stringify(shown?.body.blocks)).toContain(JSON.parse(second.value).p);
  });
});
