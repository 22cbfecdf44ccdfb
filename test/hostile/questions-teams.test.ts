import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdaptiveCard, MAX_CARD_BYTES } from '../../adapters/teams/cards.js';
import { CHECK_COMMAND_ID } from '../../adapters/teams/messaging-extension.js';
import { testCore } from '../slack/support/harness.js';
import { fixture, postActivity } from '../teams/helpers.js';
import { CombinedServer } from './support/combined-server.js';
import { FOREIGN_CONTROLS, HOSTILE_QUESTIONS, NEVER_ECHOED, stringsIn } from './support/hostile-questions.js';

// Hostile questions through Teams on the combined server, as a message and as the message that the
// "Check against the guidance" action is used on: each gets one card (an answer or a decline) that
// parses, fits Teams' limit, and carries nothing from the question as a link, markdown or template.

const server = new CombinedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

/** Markdown a TextBlock would act on: an unescaped [ (a link), or an unescaped * or _ pair. */
const UNESCAPED_MARKDOWN = /(?<!\\)\[|(?<!\\)\*(?!\s)|(?<!\\)_(?!\s)/;

function expectSafeCard(card: AdaptiveCard): void {
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  expect(JSON.parse(json)).toEqual(card);
  const textBlocks = JSON.stringify(card.body)
    .match(/"type":"TextBlock","text":"(?:[^"\\]|\\.)*"/g)
    ?.map((block) => JSON.parse(`{${block}}`).text as string);
  expect(textBlocks?.length).toBeGreaterThan(0);
  for (const text of textBlocks ?? []) expect(text).not.toMatch(UNESCAPED_MARKDOWN);
  for (const url of card.actions?.flatMap((action) => ('url' in action ? [action.url] : [])) ?? []) {
    expect(knownUrls()).toContain(url);
  }
}

/** The addresses in the knowledge: the only links a card may carry. */
function knownUrls(): string[] {
  const { sources, passages } = testCore().knowledge;
  return [...sources.map((source) => source.url), ...passages.flatMap((passage) => passage.url ?? [])];
}

function expectNothingEchoed(payload: unknown): void {
  for (const text of stringsIn(payload)) {
    for (const never of NEVER_ECHOED) expect(text).not.toContain(never);
    expect(text).not.toMatch(FOREIGN_CONTROLS);
  }
}

describe('as a message', () => {
  it.each(Object.entries(HOSTILE_QUESTIONS))('%s: one card, nothing echoed', async (_name, question) => {
    server.reset();
    const activity = fixture('message_personal');
    activity.serviceUrl = server.connector.serviceUrl;
    activity.text = question;
    expect((await postActivity(`${server.url}/api/messages`, activity)).status).toBe(200);
    const [reply, ...more] = server.connector.calls;
    expect(more).toEqual([]);
    const cards = server.connector.cards();
    expect(cards).toHaveLength(1);
    expectSafeCard(cards[0] as AdaptiveCard);
    expectNothingEchoed(reply?.body);
  });
});

describe('as the message checked by the message action', () => {
  const asHtml = (text: string) =>
    `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</p>`;

  it.each(Object.entries(HOSTILE_QUESTIONS))('%s: one card in the dialog, nothing echoed', async (_name, message) => {
    server.reset();
    const activity = fixture('invoke_composeExtension_fetchTask_message_action');
    activity.serviceUrl = server.connector.serviceUrl;
    activity.channelData = { ...activity.channelData, tenant: { id: '00000000-0000-0000-0000-00000000a005' } };
    const value = activity.value as { commandId: string; messagePayload: { body: { content: string } } };
    value.commandId = CHECK_COMMAND_ID;
    value.messagePayload.body.content = asHtml(message);
    const response = await postActivity(`${server.url}/api/messages`, activity);
    expect(response.status).toBe(200);
    expect(server.connector.calls).toEqual([]);
    const card = (response.body as { task: { value: { card: { content: AdaptiveCard } } } }).task.value.card.content;
    expectSafeCard(card);
    expectNothingEchoed(response.body);
  });
});

it('100 KB of text is answered from its beginning, and says so', async () => {
  server.reset();
  const activity = fixture('message_personal');
  activity.serviceUrl = server.connector.serviceUrl;
  activity.text = HOSTILE_QUESTIONS['100 KB'] as string;
  await postActivity(`${server.url}/api/messages`, activity);
  expect(stringsIn(server.connector.cards())).toContain('(Your question was long, so only its beginning was read.)');
});
