import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/constants.js';
import { renderReply } from '../../adapters/slack/render.js';
import { type Answer, createCore, FEEDBACK_THANKS, WEAK_ANSWER_LEAD } from '../../src/index.js';
import { fixtureKnowledge } from '../helpers.js';
import { eventFixture, fixture, type Json, uniqueTriggerId } from './support/fixtures.js';
import { TestSlack } from './support/harness.js';
import { BOT_USER_ID } from './support/web-api-stand-in.js';

// Weak answers over real signed HTTP, from a core whose weakBelow is 1 (every answer below full
// confidence is weak): the mention, /guidance, and the buttons that show an answer again.

const core = createCore({ knowledgeDirs: [fixtureKnowledge], answerPolicy: { weakBelow: 1 } });
const slack = new TestSlack({ core });
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

// Matches part of two passages of the fixture knowledge, fully neither.
const QUESTION = 'someone rude keeps replying to our official posts, do we argue?';

/** The weak answer the core gives to QUESTION, checked to be one. */
function expectedAnswer(): Answer {
  const answer = core.answer({ question: QUESTION });
  if (!answer.answered || !answer.weak) throw new Error('the weak core should answer QUESTION weakly');
  return answer;
}

/** The message shows the weak wording and every closest passage, each with its principle, quote and source. */
function expectClosestPassages(message: Json): void {
  const answer = expectedAnswer();
  expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: WEAK_ANSWER_LEAD } });
  expect(message.blocks.some((block: Json) => block.type === 'header')).toBe(false);
  expect(message.text.startsWith(WEAK_ANSWER_LEAD)).toBe(true);
  const texts = JSON.stringify(message.blocks);
  const closest = [answer, ...answer.alternatives];
  closest.forEach((shown, index) => {
    expect(texts).toContain(`*${index + 1}. Principle ${shown.principle.number}: ${shown.principle.title}*`);
    expect(texts).toContain(JSON.stringify(`> “${shown.passage.text.split('\n')[0]}`).slice(1, -1));
    expect(texts).toContain(shown.passage.source.title);
  });
  expect(texts).not.toContain('show_alternative_');
  expect(texts).not.toContain('Also relevant');
}

function buttonOf(message: Json, actionId: string): Json {
  const elements = message.blocks.filter((block: Json) => block.type === 'actions').flatMap((b: Json) => b.elements);
  return elements.find((element: Json) => element.action_id === actionId);
}

function click(button: Json, user = 'W111'): Json {
  const body = fixture('interactive_block_actions_button');
  Object.assign(body, { trigger_id: uniqueTriggerId(), response_url: slack.standIn.responseUrl('click') });
  body.user.id = user;
  body.actions = [{ ...body.actions[0], action_id: button.action_id, value: button.value, block_id: 'b' }];
  return body;
}

describe('a weak answer to an @mention', () => {
  it('is posted in the thread as the closest passages, not as the answer', async () => {
    const body = eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` });
    await slack.deliver(body);

    const [post, ...more] = slack.standIn.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(post?.body).toMatchObject({ channel: body.event.channel, thread_ts: body.event.ts });
    expectClosestPassages(post?.body);
    expect(post?.body.blocks).toEqual(
      renderReply({ kind: 'answer', result: expectedAnswer() }, { commandPrefix: '@guidance-bot ' }).blocks,
    );
  });

  it('stays weak when Helpful replaces its buttons with thanks', async () => {
    await slack.deliver(eventFixture('event_message_im', { text: QUESTION }));
    const [post] = slack.standIn.callsTo('chat.postMessage');
    slack.reset();

    await slack.sendInteraction(click(buttonOf(post?.body, ACTIONS.helpful)));
    await slack.settle();

    const [replace, ...more] = slack.standIn.callsTo('response_url');
    expect(more).toEqual([]);
    expect(replace?.body.replace_original).toBe(true);
    expectClosestPassages(replace?.body);
    expect(JSON.stringify(replace?.body.blocks)).toContain(FEEDBACK_THANKS);
    expect((await slack.feedback.counts()).get(expectedAnswer().passage.id)).toEqual({ helpful: 1, notHelpful: 0 });
  });
});

describe('a weak answer to /guidance', () => {
  it('is shown privately as the closest passages, and shared in the channel as the closest passages', async () => {
    const fields = fixture('slash_command');
    Object.assign(fields, {
      command: '/guidance',
      text: QUESTION,
      trigger_id: uniqueTriggerId(),
      response_url: slack.standIn.responseUrl('command'),
    });
    const response = await slack.sendCommand(fields);
    await slack.settle();
    const reply: Json = await response.json();
    expect(reply.response_type).toBe('ephemeral');
    expectClosestPassages(reply);
    slack.reset();

    await slack.sendInteraction(click(buttonOf(reply, ACTIONS.share), 'W222'));
    await slack.settle();

    const [post, remove] = slack.standIn.callsTo('response_url');
    expect(post?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expectClosestPassages(post?.body);
    expect(JSON.stringify(post?.body.blocks)).toContain('Shared by <@W222>');
    expect(remove?.body).toEqual({ delete_original: true });
  });
});
