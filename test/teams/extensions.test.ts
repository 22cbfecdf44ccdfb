import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AdaptiveCard, answerCard, suggestionCard } from '../../adapters/teams/cards.js';
import { CHECK_COMMAND_ID, SEARCH_COMMAND_ID } from '../../adapters/teams/messaging-extension.js';
import type { Answer, Suggestion } from '../../src/index.js';
import { CHECK_LEAD, CHECK_QUESTION, FEEDBACK_THANKS } from '../../src/index.js';
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

// The search extension and the "Check against the guidance" message action are invokes: the answer
// is the HTTP response body, and nothing may be posted to the conversation.

const core = sharedCore();
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  bot = await startBot();
});
beforeEach(() => connector.reset());

interface ResultBody {
  composeExtension: {
    type: string;
    attachmentLayout?: string;
    text?: string;
    attachments?: Array<{
      contentType: string;
      content: AdaptiveCard;
      preview: { contentType: string; content: Record<string, unknown> };
    }>;
  };
}

interface TaskBody {
  task: { type: string; value: { title: string; card: { contentType: string; content: AdaptiveCard } } | string };
}

describe('search extension', () => {
  function query(text: string) {
    const activity = fixture('invoke_composeExtension_query');
    activity.serviceUrl = connector.serviceUrl;
    (activity.value as { commandId: string }).commandId = SEARCH_COMMAND_ID;
    (activity.value as { parameters: Array<{ name: string; value: string }> }).parameters = [
      { name: 'query', value: text },
    ];
    return activity;
  }
  const QUESTION = 'can I block a troll who keeps abusing our account?';

  it('lists the best passage and its alternatives, each with a preview and the card to insert', async () => {
    const response = await postActivity(bot.url, query(QUESTION));

    expect(response.status).toBe(200);
    const { composeExtension } = response.body as ResultBody;
    expect(composeExtension.type).toBe('result');
    expect(composeExtension.attachmentLayout).toBe('list');
    const answer = core.answer({ question: QUESTION }) as Answer;
    expect(answer.answered).toBe(true);
    const expected: Suggestion[] = [answer, ...answer.alternatives];
    expect(composeExtension.attachments).toHaveLength(expected.length);
    composeExtension.attachments?.forEach((result, index) => {
      const suggestion = expected[index] as Suggestion;
      expect(result.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(result.content).toEqual(suggestionCard(suggestion, { buttons: false }));
      expect(result.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      // The quote tells the results apart; principle and source are the subtitle.
      expect(result.preview.content.title).toContain(suggestion.passage.text.replace(/\s+/g, ' ').slice(0, 40));
      expect(result.preview.content.subtitle).toContain(
        `Principle ${suggestion.principle.number}: ${suggestion.principle.title}`,
      );
      // Microsoft's client refuses an invoke tap on a preview ("Unable to reach app").
      expect(result.preview.content).not.toHaveProperty('tap');
      // A card people insert themselves keeps only the link to the source: no buttons that need the bot.
      expect(result.content.actions?.map((action) => action.type)).toEqual(['Action.OpenUrl']);
    });
    const titles = composeExtension.attachments?.map((result) => result.preview.content.title);
    expect(new Set(titles).size).toBe(titles?.length);
    expect(connector.calls).toEqual([]);
  });

  it('inserts the card of the result that is picked (selectItem)', async () => {
    const answer = core.answer({ question: QUESTION }) as Answer;
    const picked = answer.alternatives[0] as Suggestion;
    const activity = fixture('invoke_composeExtension_query');
    activity.serviceUrl = connector.serviceUrl;
    activity.name = 'composeExtension/selectItem';
    activity.value = { passageId: picked.passage.id };

    const response = await postActivity(bot.url, activity);
    const { composeExtension } = response.body as ResultBody;
    expect(composeExtension.type).toBe('result');
    expect(composeExtension.attachments?.map((result) => result.content)).toEqual([
      suggestionCard(core.passage(picked.passage.id) as Suggestion, { buttons: false }),
    ]);
    expect(connector.calls).toEqual([]);
  });

  it('says plainly when the guidance does not cover the search', async () => {
    const response = await postActivity(bot.url, query('any good recipes for the bake off?'));
    expect((response.body as ResultBody).composeExtension).toEqual({
      type: 'message',
      text: expect.stringContaining('does not seem to cover that'),
    });
  });

  it('asks for words when the search is empty', async () => {
    const response = await postActivity(bot.url, query('  '));
    expect((response.body as ResultBody).composeExtension.type).toBe('message');
  });

  it('does not answer a command it does not own (the fixture as published)', async () => {
    const activity = fixture('invoke_composeExtension_query'); // commandId "searchCmd"
    activity.serviceUrl = connector.serviceUrl;
    const response = await postActivity(bot.url, activity);
    expect((response.body as ResultBody).composeExtension.type).toBe('message');
    expect(connector.calls).toEqual([]);
  });
});

describe('message action: Check against the guidance', () => {
  const POST_TEXT = 'Your department is a disgrace and everyone who works there should be sacked, reply if you dare';

  function fetchTask(html: string) {
    const activity = fixture('invoke_composeExtension_fetchTask_message_action');
    activity.serviceUrl = connector.serviceUrl;
    const value = activity.value as { commandId: string; messagePayload: { body: { content: string } } };
    value.commandId = CHECK_COMMAND_ID;
    value.messagePayload.body.content = html;
    return activity;
  }

  function submit(data: Record<string, unknown>) {
    // No complete published example of a message-action submitAction exists (see the fixtures
    // README); it is the fetchTask activity renamed, with the dialog's data added.
    const activity = fetchTask('<p>ignored</p>');
    activity.name = 'composeExtension/submitAction';
    (activity.value as Record<string, unknown>).data = data;
    return activity;
  }

  it('answers "Can I reply to this?" about the message text (HTML stripped) in a dialog only the user sees', async () => {
    const response = await postActivity(
      bot.url,
      fetchTask(`<div><div><at id="0">Fake Outgoing Webhook</at> - ${POST_TEXT}</div>\n</div>`),
    );

    expect(response.status).toBe(200);
    const { task } = response.body as TaskBody;
    expect(task.type).toBe('continue');
    if (typeof task.value === 'string') throw new Error('expected a card');
    expect(task.value.title).toBe('Check against the guidance');
    expect(task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const expected = core.answer({ question: CHECK_QUESTION, context: `Fake Outgoing Webhook - ${POST_TEXT}` });
    expect(task.value.card.content).toEqual(answerCard(expected, { lead: CHECK_LEAD }));
    // The message's own text is not shown back, and nothing went to the conversation.
    expect(cardStrings(task.value.card.content).join('\n')).not.toContain('disgrace');
    expect(connector.calls).toEqual([]);
  });

  it('shows an alternative in the dialog when its button is pressed', async () => {
    const expected = core.answer({ question: CHECK_QUESTION, context: POST_TEXT }) as Answer;
    const alternative = expected.alternatives[0] as Suggestion;
    const response = await postActivity(bot.url, submit({ action: 'alternative', passageId: alternative.passage.id }));
    const { task } = response.body as TaskBody;
    if (typeof task.value === 'string') throw new Error('expected a card');
    expect(task.value.card.content).toEqual(suggestionCard(core.passage(alternative.passage.id) as Suggestion));
    expect(connector.calls).toEqual([]);
  });

  it('records feedback from the dialog and thanks the user there', async () => {
    const response = await postActivity(
      bot.url,
      submit({ action: 'feedback', passageId: 'smg12-tip-10-abusive', verdict: 'helpful' }),
    );
    const { task } = response.body as TaskBody;
    if (typeof task.value === 'string') throw new Error('expected a card');
    expect(cardStrings(task.value.card.content)).toContain(FEEDBACK_THANKS);
    expect((await bot.feedback.counts()).get('smg12-tip-10-abusive')).toEqual({ helpful: 1, notHelpful: 0 });
    expect(connector.calls).toEqual([]);
  });

  it('explains itself when opened from the compose box instead of a message (group chat fixture)', async () => {
    const activity = fixture('invoke_composeExtension_fetchTask_groupChat');
    activity.serviceUrl = connector.serviceUrl;
    (activity.value as { commandId: string }).commandId = CHECK_COMMAND_ID;
    const response = await postActivity(bot.url, activity);
    const { task } = response.body as TaskBody;
    if (typeof task.value === 'string') throw new Error('expected a card');
    expect(cardStrings(task.value.card.content).join(' ')).toContain('Use this on a message');
    expect(connector.calls).toEqual([]);
  });

  it('closes the dialog without a word for a submit that is not ours (the shortened fixture)', async () => {
    const activity = fixture('invoke_composeExtension_submitAction_shortened');
    activity.serviceUrl = connector.serviceUrl;
    activity.type = 'invoke';
    activity.channelId = 'msteams';
    const response = await postActivity(bot.url, activity);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});
    expect(connector.calls).toEqual([]);
  });
});
