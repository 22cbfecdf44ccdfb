import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyCard, suggestionCard } from '../../adapters/teams/cards.js';
import { type Answer, APOLOGY, type Core, createCore, PASSAGE_GONE, RATE_LIMITED, VOTED } from '../../src/index.js';
import {
  type ConnectorStandIn,
  cardStrings,
  fixture,
  postActivity,
  type RunningBot,
  sharedCore,
  startBot,
  startConnector,
} from './helpers.js';

// Chats, channels and group chats through the real CloudAdapter over HTTP, replies recorded by a
// stand-in for the Bot Framework connector. Expected cards are computed from the same core.

const QUESTION = 'someone is being really abusive in our replies, do we answer?';
// The next two passages are offered as alternatives however far behind they are, so that the card
// always has alternatives to press.
const core = createCore({ knowledge: sharedCore().knowledge, answerPolicy: { alternativeShare: 0 } });
/** What the bot asked the core, in order. */
const asked: string[] = [];
const recordingCore: Core = {
  ...core,
  respond: (text, options) => {
    asked.push(text);
    return core.respond(text, options);
  },
};
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  bot = await startBot(undefined, { core: recordingCore });
});
beforeEach(() => {
  connector.reset();
  asked.length = 0;
});

function personal(text: string) {
  const activity = fixture('message_personal');
  activity.serviceUrl = connector.serviceUrl;
  activity.text = text;
  return activity;
}

function channelMention(text: string) {
  const activity = fixture('message_channel_mention_bot');
  activity.serviceUrl = connector.serviceUrl;
  activity.text = `<at>fakebot</at> ${text}`;
  return activity;
}

function groupChat(text: string) {
  const activity = fixture('message_personal');
  activity.serviceUrl = connector.serviceUrl;
  activity.id = '1611060744900';
  activity.conversation = {
    isGroup: true,
    conversationType: 'groupChat',
    id: '19:fake-groupchat-0005@thread.v2',
    tenantId: '00000000-0000-0000-0000-00000000a001',
  } as typeof activity.conversation;
  activity.text = `<at>Fake TestBot</at> ${text}`;
  activity.entities = [
    { type: 'mention', text: '<at>Fake TestBot</at>', mentioned: { ...activity.recipient } },
    ...(activity.entities ?? []),
  ];
  return activity;
}

describe('personal chat', () => {
  it('answers a question with the answer card, as a reply to the message', async () => {
    const activity = personal(QUESTION);
    const response = await postActivity(bot.url, activity);

    expect(response.status).toBe(200);
    expect(connector.calls).toHaveLength(1);
    const [call] = connector.calls;
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe(
      `/amer/v3/conversations/${encodeURIComponent('a:fake-personal-conversation-0001')}/activities/${activity.id}`,
    );
    expect(call?.body.replyToId).toBe(activity.id);
    expect(call?.headers.authorization).toBeUndefined(); // anonymous mode sends no token
    expect(connector.cards()).toEqual([replyCard(core.respond(QUESTION), { presentation: core.presentation })]);
    expect(call?.body.summary).toMatch(/^Principle \d+: /);
  });

  it.each(['help', 'principles', 'principle 3', 'week'])('answers the "%s" command with its card', async (command) => {
    await postActivity(bot.url, personal(command));
    const expected = replyCard(core.respond(command), { presentation: core.presentation });
    expect(connector.cards()).toEqual([expected]);
    expect(expected.body.length).toBeGreaterThan(1);
  });

  it('declines plainly, listing the principles', async () => {
    await postActivity(bot.url, personal('any good recipes for the bake off?'));
    const strings = cardStrings(connector.cards());
    expect(strings.join('\n')).toContain('does not seem to cover that');
    for (const principle of core.principles()) {
      expect(strings).toContain(`Principle ${principle.number}: ${principle.title}`);
    }
  });
});

describe('channel', () => {
  it('strips the @mention before asking, and replies in the thread', async () => {
    const activity = channelMention(QUESTION);
    await postActivity(bot.url, activity);

    expect(connector.calls).toHaveLength(1);
    const [call] = connector.calls;
    expect(call?.conversationId).toBe('19:fake-channel-0008@thread.tacv2;messageid=1759881511856');
    expect(call?.path).toContain('19%3Afake-channel-0008%40thread.tacv2%3Bmessageid%3D1759881511856');
    expect(call?.activityId).toBe(activity.id);
    // The core was asked the question without the bot's name, and the card is its answer.
    expect(asked).toEqual([QUESTION]);
    expect(connector.cards()).toEqual([replyCard(core.respond(QUESTION), { presentation: core.presentation })]);
  });

  it('recognises a command only because the mention is stripped', async () => {
    await postActivity(bot.url, channelMention('principles'));
    expect(asked).toEqual(['principles']);
    expect(connector.cards()).toEqual([replyCard(core.respond('principles'), { presentation: core.presentation })]);
  });

  it('answers a bare @mention with the help card', async () => {
    const activity = channelMention('');
    await postActivity(bot.url, activity);
    expect(connector.cards()).toEqual([replyCard(core.respond('help'), { presentation: core.presentation })]);
  });
});

describe('group chat', () => {
  it('answers in place, mention stripped', async () => {
    await postActivity(bot.url, groupChat('week'));
    expect(asked).toEqual(['week']);
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]?.conversationId).toBe('19:fake-groupchat-0005@thread.v2');
    expect(connector.cards()).toEqual([replyCard(core.respond('week'), { presentation: core.presentation })]);
  });
});

describe('user text is never echoed as markup or a mention', () => {
  it('keeps <at>, Markdown, HTML and links from the message out of the reply', async () => {
    const activity = channelMention(
      '<at>Jane Doe</at> **bold** _it_ <b>html</b> [click here](https://evil.example/x) can I reply to this tweet?',
    );
    await postActivity(bot.url, activity);

    const [call] = connector.calls;
    expect(call?.body.entities ?? []).toEqual([]);
    expect(call?.body.text).toBeUndefined();
    const everything = JSON.stringify(call?.body);
    for (const echoed of ['Jane Doe', '<at>', '**bold**', '<b>', 'evil.example', 'click here']) {
      expect(everything).not.toContain(echoed);
    }
    // It was still answered, from the words of the question (other mentions reduced to names).
    expect(asked).toEqual([
      // Teams formats messages as HTML: its tags are formatting, not words of the question.
      'Jane Doe **bold** _it_ html [click here](https://evil.example/x) can I reply to this tweet?',
    ]);
    expect(connector.cards()).toHaveLength(1);
  });
});

describe('card buttons', () => {
  function buttonPress(value: Record<string, unknown>) {
    const activity = fixture('message_card_action_messageBack_value');
    activity.serviceUrl = connector.serviceUrl;
    Reflect.deleteProperty(activity, 'text'); // Action.Submit carries its data in `value` and no text
    activity.value = value;
    return activity;
  }
  const answer = core.answer({ question: QUESTION }) as Answer;

  /** A press on the answer card `replyToId` by `person`, carrying the answer shown (ids only). */
  function vote(verdict: 'helpful' | 'not-helpful', replyToId: string, person = '29:fake-user-vote') {
    const activity = buttonPress({
      action: 'feedback',
      passageId: answer.passage.id,
      verdict,
      r: { k: 'answer', p: answer.passage.id, a: answer.alternatives.map((other) => other.passage.id) },
    });
    activity.replyToId = replyToId;
    activity.from = { ...activity.from, id: person, aadObjectId: undefined };
    return activity;
  }

  it('records Helpful by passage id only, and shows the vote on the answer card itself: nothing new is posted', async () => {
    await postActivity(bot.url, vote('helpful', 'answer-card-1'));
    expect((await bot.feedback.counts()).get(answer.passage.id)).toEqual({ helpful: 1, notHelpful: 0 });
    expect(connector.calls).toHaveLength(1);
    const [update] = connector.calls;
    expect(update?.method).toBe('PUT'); // the answer's own activity, updated in place
    expect(update?.activityId).toBe('answer-card-1');
    expect(update?.body.text).toBeUndefined();
    const [card] = connector.cards();
    expect(cardStrings(card).join('\n')).toContain(VOTED.helpful);
    expect(JSON.stringify(card)).not.toContain('"verdict"'); // no buttons to press again
  });

  it('one vote per person per answer: twenty presses count once; another person, or another answer, counts', async () => {
    for (let press = 0; press < 20; press++) await postActivity(bot.url, vote('not-helpful', 'answer-card-2'));
    await postActivity(bot.url, vote('not-helpful', 'answer-card-2', '29:someone-else'));
    await postActivity(bot.url, vote('not-helpful', 'answer-card-3'));
    expect((await bot.feedback.counts()).get(answer.passage.id)).toEqual({ helpful: 1, notHelpful: 3 });
    // Nothing is ever posted for a vote: only the card is updated.
    expect(connector.calls.every((call) => call.method === 'PUT')).toBe(true);
  });

  it("shows an alternative's card", async () => {
    const alternative = answer.alternatives[0];
    expect(alternative).toBeDefined();
    await postActivity(bot.url, buttonPress({ action: 'alternative', passageId: alternative?.passage.id }));
    const suggestion = core.passage(alternative?.passage.id ?? '');
    expect(suggestion).toBeDefined();
    expect(connector.cards()).toEqual([suggestionCard(suggestion as NonNullable<typeof suggestion>)]);
  });

  it('says so when a button points at a passage that is gone', async () => {
    await postActivity(bot.url, buttonPress({ action: 'alternative', passageId: 'no-such-passage' }));
    expect(connector.calls[0]?.body.text).toBe(PASSAGE_GONE);
  });

  it('reads a card message that is not one of ours as an ordinary message', async () => {
    const activity = fixture('message_card_action_messageBack_value');
    activity.serviceUrl = connector.serviceUrl;
    await postActivity(bot.url, activity);
    expect(connector.cards()).toEqual([
      replyCard(core.respond('User just clicked the MessageBack button'), { presentation: core.presentation }),
    ]);
    expect((await bot.feedback.counts()).size).toBe(1); // only the votes above
  });
});

describe('messages with no words of their own', () => {
  it('a card inserted from the search extension is not answered as a question', async () => {
    const activity = personal('<span class="inline-compose-card" contenteditable="false" data-card-id="1"></span>');
    activity.attachments = [
      { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
    ];
    await postActivity(bot.url, activity);
    expect(connector.calls).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('nor a message that is only markup; a bare @mention still gets the help card', async () => {
    await postActivity(bot.url, personal('<div><br></div><p></p>'));
    expect(connector.calls).toEqual([]);
    await postActivity(bot.url, channelMention(''));
    expect(connector.cards()).toEqual([replyCard(core.respond('help'), { presentation: core.presentation })]);
  });

  it('HTML entities are decoded (named, decimal and hex), not left in the question', async () => {
    await postActivity(
      bot.url,
      personal('<p>can I &ldquo;like&rdquo; my minister&rsquo;s post &#x2014; &amp; share it&#33;</p>'),
    );
    expect(asked).toEqual(['can I “like” my minister’s post — & share it!']);
  });
});

describe('one reply per activity, and a per-person limit (as on Slack)', () => {
  it('the same activity delivered twice is answered once', async () => {
    const activity = personal(QUESTION);
    expect((await postActivity(bot.url, activity)).status).toBe(200);
    expect((await postActivity(bot.url, activity)).status).toBe(200);
    expect(connector.cards()).toHaveLength(1);
  });

  it('30 questions in a few seconds from one person: 10 answered, then a notice; another person is answered', async () => {
    const limited = await startBot(undefined, { rateLimiter: undefined }); // the endpoint's own default limit
    for (let i = 0; i < 30; i++) await postActivity(limited.url, personal(`${QUESTION} (${i})`));
    expect(connector.cards()).toHaveLength(10);
    expect(connector.calls.filter((call) => call.body.text === RATE_LIMITED)).toHaveLength(20);
    const other = personal(QUESTION);
    other.from = { ...other.from, id: '29:another-person', aadObjectId: 'another-person' };
    await postActivity(limited.url, other);
    expect(connector.cards()).toHaveLength(11);
  });
});

describe('when the connector fails', () => {
  it('waits out a 429 (Retry-After) and replies once', async () => {
    connector.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    await postActivity(bot.url, channelMention(QUESTION));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connector.calls.map((call) => call.body.attachments?.length)).toEqual([1, 1]);
    expect(bot.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('does not send a reply again after a 500 (Teams may have posted it): one attempt, then the apology', async () => {
    connector.failNext({ status: 500 });
    await postActivity(bot.url, channelMention(QUESTION));
    expect(connector.cards()).toHaveLength(1);
    expect(connector.calls.map((call) => call.body.text ?? 'card')).toEqual(['card', APOLOGY]);
  });

  it.each([403, 404])(
    'logs a %i without the question, and does not apologise into a conversation that is gone',
    async (status) => {
      bot.logger.lines.length = 0;
      connector.failNext({ status });
      const response = await postActivity(bot.url, channelMention(QUESTION));

      expect(response.status).toBe(200);
      expect(connector.calls).toHaveLength(1);
      const errors = bot.logger.lines.filter((line) => line.startsWith('error'));
      expect(errors).toEqual([`error turn failed (message): RestError (HTTP ${status}): stand-in answered ${status}`]);
      expect(bot.logger.lines.join('\n')).not.toContain('abusive');
    },
  );
});
