import type { ConversationReference } from 'botbuilder';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRESENTATION, welcome } from '../../src/index.js';
import { type ConnectorStandIn, fixture, postActivity, type RunningBot, startBot, startConnector } from './helpers.js';

// Being added to and removed from teams and chats, and the tenant allow-list.

const TEAM_CHANNEL = '19:fake-channel-0002@thread.tacv2';
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  bot = await startBot();
});
beforeEach(() => connector.reset());

function botAdded() {
  const activity = fixture('conversationUpdate_bot_added_to_team');
  activity.serviceUrl = connector.serviceUrl;
  return activity;
}

/** The docs show only a user being removed; the same event names the bot when the bot is removed. */
function botRemoved() {
  const activity = fixture('conversationUpdate_member_removed_from_team');
  activity.serviceUrl = connector.serviceUrl;
  activity.membersRemoved = [{ id: activity.recipient.id, name: '' }];
  return activity;
}

function installation(action: 'add' | 'remove') {
  const activity = fixture('installationUpdate_add');
  activity.serviceUrl = connector.serviceUrl;
  activity.action = action;
  return activity;
}

async function remembered(): Promise<string[]> {
  return (await bot.conversations.list('teams', { active: true })).map((conversation) => conversation.id);
}

describe('install and remove', () => {
  it('welcomes a team once and remembers its conversation (conversationUpdate, then installationUpdate)', async () => {
    expect((await postActivity(bot.url, botAdded())).status).toBe(200);
    expect(await remembered()).toEqual([TEAM_CHANNEL]);
    const [stored] = await bot.conversations.list('teams', { active: true });
    const reference = stored?.reference as Partial<ConversationReference> | undefined;
    expect(reference?.serviceUrl).toBe(connector.serviceUrl);
    expect(reference?.conversation?.tenantId).toBe('00000000-0000-0000-0000-00000000a002');
    // Nothing about the person who added the bot, nor the channel's name, is kept.
    const kept = JSON.stringify(reference);
    for (const personal of ['29:fake-user-0002', '00000000-0000-0000-0000-00000000c002', '2021 Test Channel']) {
      expect(kept).not.toContain(personal);
    }
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]?.conversationId).toBe(TEAM_CHANNEL);
    expect(connector.calls[0]?.body.text).toBe(welcome(DEFAULT_PRESENTATION));

    // Teams sends both events for one install: the second must not welcome again.
    await postActivity(bot.url, installation('add'));
    expect(await remembered()).toEqual([TEAM_CHANNEL]);
    expect(connector.calls).toHaveLength(1);
  });

  it('does nothing when someone else leaves the team', async () => {
    const activity = fixture('conversationUpdate_member_removed_from_team');
    activity.serviceUrl = connector.serviceUrl;
    activity.conversation.id = TEAM_CHANNEL;
    await postActivity(bot.url, activity);
    expect(await remembered()).toEqual([TEAM_CHANNEL]);
    expect(connector.calls).toEqual([]);
  });

  it('forgets the conversation when the app is uninstalled (installationUpdate remove)', async () => {
    await postActivity(bot.url, installation('remove'));
    expect(await remembered()).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('welcomes and remembers on installationUpdate add alone, and forgets when the bot is removed', async () => {
    await postActivity(bot.url, installation('add'));
    expect(await remembered()).toEqual([TEAM_CHANNEL]);
    expect(connector.calls.map((call) => call.body.text)).toEqual([welcome(DEFAULT_PRESENTATION)]);

    const removed = botRemoved();
    removed.conversation.id = TEAM_CHANNEL;
    await postActivity(bot.url, removed);
    expect(await remembered()).toEqual([]);
  });

  it('remembers a personal install', async () => {
    const activity = fixture('message_personal');
    activity.serviceUrl = connector.serviceUrl;
    activity.type = 'conversationUpdate';
    Reflect.deleteProperty(activity, 'text');
    Reflect.deleteProperty(activity, 'attachments');
    activity.membersAdded = [{ id: activity.recipient.id, name: '' }];
    await postActivity(bot.url, activity);
    expect(await remembered()).toEqual(['a:fake-personal-conversation-0001']);
    expect(connector.calls[0]?.body.text).toBe(welcome(DEFAULT_PRESENTATION));
  });
});

describe('tenant allow-list (TEAMS_ALLOWED_TENANTS)', () => {
  const ALLOWED = '00000000-0000-0000-0000-00000000a005';
  let guarded: RunningBot;
  beforeAll(async () => {
    guarded = await startBot({ anonymous: true, allowedTenants: [ALLOWED] });
  });

  function message(tenant: string) {
    const activity = fixture('message_channel_mention_bot'); // tenant …a005
    activity.serviceUrl = connector.serviceUrl;
    activity.text = '<at>fakebot</at> principles';
    activity.channelData = { ...activity.channelData, tenant: { id: tenant } };
    activity.conversation.tenantId = tenant;
    return activity;
  }

  it('answers its own tenant', async () => {
    expect((await postActivity(guarded.url, message(ALLOWED))).status).toBe(200);
    expect(connector.calls).toHaveLength(1);
  });

  it('gives another tenant no answer', async () => {
    const response = await postActivity(guarded.url, message('00000000-0000-0000-0000-00000000a001'));
    expect(response.status).toBe(200);
    expect(connector.calls).toEqual([]);
    expect(guarded.logger.lines).toContain(
      'warn ignored a message activity from a tenant not in TEAMS_ALLOWED_TENANTS',
    );
  });

  it('neither welcomes nor remembers another tenant', async () => {
    await postActivity(guarded.url, botAdded()); // tenant …a002
    expect(await guarded.conversations.list('teams')).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('refuses another tenant’s invokes with 403 and no content', async () => {
    const activity = fixture('invoke_composeExtension_fetchTask_message_action'); // tenant …a003
    activity.serviceUrl = connector.serviceUrl;
    const response = await postActivity(guarded.url, activity);
    expect(response.status).toBe(403);
    expect(response.body).toBeUndefined();
  });

  it('refuses an activity that names no tenant', async () => {
    const activity = fixture('invoke_composeExtension_query'); // no channelData, no tenantId
    activity.serviceUrl = connector.serviceUrl;
    expect((await postActivity(guarded.url, activity)).status).toBe(403);
  });
});
