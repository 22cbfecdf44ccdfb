import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/constants.js';
import { buttonClick, fixture, type Json, uniqueTriggerId } from './support/fixtures.js';
import { TestSlack } from './support/harness.js';

// /guidance over real signed HTTP: the answer comes back in the acknowledgement, ephemeral, with a
// "Share in channel" button; sharing posts it publicly through the response_url, credited.

const slack = new TestSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const QUESTION = 'can I reply to a journalist who tweeted about our policy?';

async function guidance(text: string): Promise<Json> {
  const fields = fixture('slash_command');
  Object.assign(fields, {
    command: '/guidance',
    text,
    trigger_id: uniqueTriggerId(),
    response_url: slack.standIn.responseUrl('command'),
  });
  const response = await slack.sendCommand(fields);
  expect(response.status).toBe(200);
  await slack.settle();
  return response.json();
}

function buttons(message: Json): Json[] {
  return message.blocks.filter((block: Json) => block.type === 'actions').flatMap((block: Json) => block.elements);
}

describe('/guidance <question>', () => {
  it('answers privately (ephemeral) with a Share in channel button, and calls no Web API', async () => {
    const reply = await guidance(QUESTION);

    expect(reply.response_type).toBe('ephemeral');
    const expected = slack.core.answer({ question: QUESTION });
    if (!expected.answered) throw new Error('the bundled knowledge should answer this question');
    expect(JSON.stringify(reply.blocks)).toContain(expected.passage.id);
    expect(reply.text).toContain(expected.principle.title);
    expect(buttons(reply).map((button) => button.action_id)).toEqual(
      expect.arrayContaining([ACTIONS.helpful, ACTIONS.notHelpful, ACTIONS.share]),
    );
    // Buttons carry passage ids, never the question: leave out the ids (one may hold a word such as "policy").
    const ids = slack.core.knowledge.passages.map((passage) => passage.id);
    for (const button of buttons(reply)) {
      const withoutIds = ids.reduce((value: string, id) => value.replaceAll(`"${id}"`, '""'), button.value);
      expect(withoutIds).not.toMatch(/journalist|tweeted|policy/i);
    }
    expect(slack.standIn.calls).toEqual([]);
  });

  it('with no text shows the help', async () => {
    const reply = await guidance('');
    expect(JSON.stringify(reply.blocks)).toContain('/guidance principle 3');
  });
});

describe('/guidance commands', () => {
  it('principles: the six principles', async () => {
    const reply = await guidance('principles');
    expect(reply.response_type).toBe('ephemeral');
    for (const principle of slack.core.principles()) expect(JSON.stringify(reply.blocks)).toContain(principle.title);
  });

  it('principle 3: that principle and its passages', async () => {
    const reply = await guidance('principle 3');
    const principle = slack.core.principle(3);
    expect(reply.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: `Principle 3: ${principle?.principle.title}` },
    });
    expect(JSON.stringify(reply.blocks)).toContain((principle?.passages[0]?.text ?? '').slice(0, 40));
  });

  it('week: the principle of the week', async () => {
    const reply = await guidance('week');
    const week = slack.core.week();
    expect(JSON.stringify(reply.blocks)).toContain(`Principle of the week (${week.week})`);
    expect(JSON.stringify(reply.blocks)).toContain(week.principle.title);
  });

  it('help: every command', async () => {
    const reply = await guidance('help');
    for (const usage of ['/guidance principles', '/guidance principle 3', '/guidance week', '/guidance help']) {
      expect(JSON.stringify(reply.blocks)).toContain(usage);
    }
  });

  it('principle 9 (there is none): says so and lists the principles', async () => {
    const reply = await guidance('principle 9');
    expect(reply.text).toContain('There is no principle “9”');
    expect(buttons(reply)).toEqual([]);
  });
});

describe('Share in channel', () => {
  it('posts the same answer publicly, credited to the sharer, and removes the private copy', async () => {
    const answer = await guidance(QUESTION);
    const share = buttons(answer).find((button) => button.action_id === ACTIONS.share);
    slack.reset();

    const click = buttonClick(share, slack.standIn.responseUrl('share'));
    click.user.id = 'W222';
    const response = await slack.sendInteraction(click);
    await slack.settle();

    expect(response.status).toBe(200);
    const [post, remove, ...more] = slack.standIn.callsTo('response_url');
    expect(more).toEqual([]);
    expect(post?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    const publicBlocks = JSON.stringify(post?.body.blocks);
    const quote = (blocks: Json) => blocks.find((block: Json) => block.type === 'section').text.text;
    expect(quote(post?.body.blocks)).toBe(quote(answer.blocks));
    expect(publicBlocks).toContain('Shared by <@W222>');
    expect(publicBlocks).not.toContain(ACTIONS.share);
    expect(remove?.body).toEqual({ delete_original: true });
    expect(slack.standIn.calls.filter((call) => call.method !== 'response_url')).toEqual([]);
  });

  it('a double click (two clicks, two trigger ids) shares once', async () => {
    const answer = await guidance(`${QUESTION} (double click)`);
    const share = buttons(answer).find((button) => button.action_id === ACTIONS.share);
    slack.reset();
    const click = () => {
      const body = buttonClick(share, slack.standIn.responseUrl('share'));
      body.user.id = 'W333';
      return body;
    };
    const responses = await Promise.all([slack.sendInteraction(click()), slack.sendInteraction(click())]);
    await slack.settle();
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const posts = slack.standIn.callsTo('response_url').filter((call) => call.body.response_type === 'in_channel');
    expect(posts).toHaveLength(1);
  });

  it('shares a command’s reply too (principle 3)', async () => {
    const reply = await guidance('principle 3');
    const share = buttons(reply).find((button) => button.action_id === ACTIONS.share);
    slack.reset();
    const click = buttonClick(share, slack.standIn.responseUrl('share'));
    await slack.sendInteraction(click);
    await slack.settle();
    const [post] = slack.standIn.callsTo('response_url');
    expect(post?.body.response_type).toBe('in_channel');
    expect(JSON.stringify(post?.body.blocks)).toContain('Principle 3:');
    expect(JSON.stringify(post?.body.blocks)).toContain('Shared by <@W111>');
  });
});
