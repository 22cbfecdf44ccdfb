import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand, WEEKLY_OFF, WEEKLY_ON } from '../../src/index.js';
import {
  type ConnectorStandIn,
  cardStrings,
  fixture,
  postActivity,
  type RunningBot,
  startBot,
  startConnector,
} from './helpers.js';

// `weekly off`, `weekly on` and `weekly`, typed in a conversation, switch and show its principle of the week.

const CHANNEL = '19:fake-channel-0002@thread.tacv2';
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
});
beforeEach(async () => {
  bot = await startBot();
  connector.reset();
});

/** A channel message that @mentions the bot, in a thread of the channel. */
function inChannel(words: string) {
  const activity = fixture('installationUpdate_add');
  return {
    ...activity,
    type: 'message',
    action: undefined,
    serviceUrl: connector.serviceUrl,
    conversation: { ...activity.conversation, id: `${CHANNEL};messageid=1700000000123` },
    text: `<at>Fake Bot</at> ${words}`,
    entities: [
      {
        type: 'mention',
        text: '<at>Fake Bot</at>',
        mentioned: { id: activity.recipient.id, name: 'Fake Bot' },
      },
    ],
  };
}

function added() {
  const activity = fixture('installationUpdate_add');
  activity.serviceUrl = connector.serviceUrl;
  return activity;
}

const replies = () => connector.calls.map((call) => call.body.text);

describe('weekly on / off', () => {
  it('switches a remembered channel off and on, replying in plain text', async () => {
    await postActivity(bot.url, added());
    connector.reset();
    await postActivity(bot.url, inChannel('weekly off'));
    expect(await bot.conversations.get('teams', CHANNEL)).toMatchObject({ weekly: false, active: true });
    await postActivity(bot.url, inChannel('Weekly On'));
    expect(await bot.conversations.get('teams', CHANNEL)).toMatchObject({ weekly: true });
    expect(replies()).toEqual([WEEKLY_OFF, WEEKLY_ON]);
    expect(connector.calls.every((call) => call.body.textFormat === 'plain')).toBe(true);
  });

  it('shows the state with "weekly" and changes nothing', async () => {
    await postActivity(bot.url, added());
    await postActivity(bot.url, inChannel('weekly off'));
    connector.reset();
    await postActivity(bot.url, inChannel('weekly'));
    expect(replies()).toEqual([WEEKLY_OFF]);
    expect((await bot.conversations.get('teams', CHANNEL))?.weekly).toBe(false);
  });

  it('remembers a conversation it never saw being added, by the channel and not the thread', async () => {
    await postActivity(bot.url, inChannel('weekly off'));
    const stored = await bot.conversations.list('teams');
    expect(stored.map((conversation) => [conversation.id, conversation.weekly, conversation.active])).toEqual([
      [CHANNEL, false, true],
    ]);
  });

  it('treats other sentences with the word as questions', async () => {
    await postActivity(bot.url, added());
    connector.reset();
    await postActivity(bot.url, inChannel('can I post weekly updates on my account?'));
    expect((await bot.conversations.get('teams', CHANNEL))?.weekly).toBe(true);
    expect(replies()).toEqual([undefined]);
    expect(connector.cards()).toHaveLength(1);
  });

  it('reads only the commands, with the core’s command parser', () => {
    const weeklyCommand = (text: string) => {
      const command = parseCommand(text);
      return command.name === 'weekly' ? command.switch : undefined;
    };
    expect(['weekly', 'weekly on', 'WEEKLY OFF', ' weekly  off. '].map(weeklyCommand)).toEqual([
      'show',
      'on',
      'off',
      'off',
    ]);
    expect(['weekly offer', 'week', 'weekly on please', ''].map(weeklyCommand)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('is in the help card', async () => {
    await postActivity(bot.url, inChannel('help'));
    expect(cardStrings(connector.cards()[0]).join(' ')).toContain('“weekly off”');
  });
});
