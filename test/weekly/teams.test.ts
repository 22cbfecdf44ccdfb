import { ActivityTypes } from 'botbuilder';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyCard } from '../../adapters/teams/cards.js';
import { CONNECTOR_TIMEOUT_MS } from '../../adapters/teams/connector-timeout.js';
import { createTeamsWeeklyPublisher } from '../../adapters/teams/weekly.js';
import { postWeeklyRound, type Store } from '../../src/index.js';
import { openTempStore } from '../helpers.js';
import {
  ANONYMOUS,
  type ConnectorStandIn,
  fixture,
  postActivity,
  type RunningBot,
  startBot,
  startConnector,
} from '../teams/helpers.js';
import { recordingLog, recordingSleep, testCore } from './support.js';

// The Teams publisher: the real CloudAdapter (anonymous, so the app id is empty) sending proactively to
// the connector stand-in, conversations remembered by the real bot in a real SQLite store.

const WEEK_48 = new Date('2026-11-25T10:00:00Z');
const WEEK_49 = new Date('2026-12-02T10:00:00Z');
const TEAMS = ['19:weekly-0001@thread.tacv2', '19:weekly-0002@thread.tacv2', '19:weekly-0003@thread.tacv2'];

let connector: ConnectorStandIn;
let bot: RunningBot;
let store: Store;

beforeAll(async () => {
  connector = await startConnector();
});
beforeEach(async () => {
  store = openTempStore();
  bot = await startBot(ANONYMOUS, { conversations: store.conversations, feedback: store.feedback });
  for (const id of TEAMS) await postActivity(bot.url, installed(id));
  connector.reset();
});

function installed(conversationId: string) {
  const activity = fixture('installationUpdate_add');
  activity.serviceUrl = connector.serviceUrl;
  activity.conversation.id = conversationId;
  return activity;
}

/** A message typed in a channel thread of `conversationId`, @mentioning nobody (as in a 1:1 chat). */
function typed(conversationId: string, text: string) {
  const activity = fixture('message_personal');
  activity.serviceUrl = connector.serviceUrl;
  activity.conversation = {
    id: `${conversationId};messageid=1700000000001`,
    name: '',
    isGroup: true,
    conversationType: 'channel',
  };
  activity.text = text;
  delete activity.attachments;
  return activity;
}

function round(at: Date) {
  const { sleep, waits } = recordingSleep();
  const publisher = createTeamsWeeklyPublisher({
    adapter: bot.endpoint.adapter,
    appId: '',
    conversations: store.conversations,
  });
  const log = recordingLog();
  return { result: postWeeklyRound({ core: testCore(), store, publishers: [publisher], at, log, sleep }), waits, log };
}

const sentTo = () => connector.calls.map((call) => call.conversationId);

describe('posting', () => {
  it('sends the week card to each remembered conversation, as a new post, not a reply', async () => {
    const summary = await round(WEEK_48).result;
    expect(summary.posted).toEqual(TEAMS.map((id) => `teams ${id}`));
    expect(sentTo()).toEqual(TEAMS);
    // To the channel itself, not under the activity the bot was added with: no activity is remembered.
    // (botbuilder addresses every proactive send to an activity id it makes up for the purpose.)
    const remembered = (await store.conversations.list('teams')).map((c) => c.reference as { activityId?: string });
    expect(remembered.map((reference) => reference.activityId)).toEqual([undefined, undefined, undefined]);
    for (const call of connector.calls) expect(call.method).toBe('POST');
    const card = JSON.parse(JSON.stringify(replyCard(testCore().week(WEEK_48))));
    expect(connector.cards()).toEqual([card, card, card]);
    const stored = await store.weeklyPosts.list({ week: '2026-W48' });
    expect(stored.map((post) => [post.status, post.pinned])).toEqual(Array(3).fill(['posted', false]));
    const ids = stored.map((post) => post.messageId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^reply-\d+$/);
  });

  it('skips a conversation where "weekly off" was typed, and posts again after "weekly on"', async () => {
    await postActivity(bot.url, typed(TEAMS[1] as string, 'weekly off'));
    connector.reset();
    await round(WEEK_48).result;
    expect(sentTo()).toEqual([TEAMS[0], TEAMS[2]]);

    await postActivity(bot.url, typed(TEAMS[1] as string, 'weekly on'));
    connector.reset();
    await round(WEEK_49).result;
    expect(sentTo()).toEqual(TEAMS);
  });

  it.each([403, 404])('marks a conversation that answers %i inactive, and skips it from then on', async (status) => {
    connector.failNext({ status });
    const first = await round(WEEK_48).result;
    expect(first.gone).toEqual([`teams ${TEAMS[0]}`]); // not a failure: marked inactive
    expect(first.failed).toEqual([]);
    expect(await store.conversations.get('teams', TEAMS[0] as string)).toMatchObject({
      active: false,
      inactiveReason: `HTTP ${status}`,
    });
    connector.reset();
    await round(WEEK_49).result;
    expect(sentTo()).toEqual([TEAMS[1], TEAMS[2]]);
  });

  it('retries a 429 after its Retry-After, and delivers one card', async () => {
    connector.failNext({ status: 429, headers: { 'Retry-After': '3' } });
    const { result, waits } = round(WEEK_48);
    expect((await result).posted).toHaveLength(3);
    expect(waits).toEqual([3000]);
    // One refused request and one delivered card for the first team: the connector did not retry too.
    expect(sentTo()).toEqual([TEAMS[0], TEAMS[0], TEAMS[1], TEAMS[2]]);
  });

  it('retries a 503 with the round’s own backoff, one request per attempt', async () => {
    connector.failNext({ status: 503 }, { status: 503 });
    const { result, waits } = round(WEEK_48);
    expect((await result).posted).toHaveLength(3);
    expect(waits).toEqual([2000, 4000]);
    expect(sentTo()).toEqual([TEAMS[0], TEAMS[0], TEAMS[0], TEAMS[1], TEAMS[2]]);
  });

  it('never re-sends after a 500 (Teams may have posted), in this round or the next', async () => {
    connector.failNext({ status: 500 });
    const first = await round(WEEK_48).result;
    expect(first.failed).toEqual([`teams ${TEAMS[0]}`]);
    const second = await round(WEEK_48).result;
    expect(second.skipped).toEqual(TEAMS.map((id) => `teams ${id}`));
    expect(sentTo()).toEqual(TEAMS);
  });

  it('records a 413 as not posted, tried again by the next round', async () => {
    connector.failNext({ status: 413 });
    await round(WEEK_48).result;
    expect((await store.weeklyPosts.list({ week: '2026-W48' }))[0]).toMatchObject({
      status: 'failed',
      error: 'HTTP 413',
    });
    const again = await round(WEEK_48).result;
    expect(again.posted).toEqual([`teams ${TEAMS[0]}`]);
  });
});

describe('a connector that never answers', () => {
  it('gives the post up after the connector call’s limit, as maybe posted (never re-sent), and goes on', async () => {
    connector.failNext({ hang: true });
    const first = round(WEEK_48);
    const summary = await first.result;
    expect(summary.failed).toEqual([`teams ${TEAMS[0]}`]);
    expect(summary.posted).toEqual([`teams ${TEAMS[1]}`, `teams ${TEAMS[2]}`]);
    expect(first.log.lines.join('\n')).toContain(
      `no answer from the Bot Framework connector within ${CONNECTOR_TIMEOUT_MS / 1000} s; it may or may not have been posted`,
    );
    const second = await round(WEEK_48).result;
    expect(second.skipped).toHaveLength(3);
    expect(sentTo()).toEqual(TEAMS);
  });
});

describe('what botframework-connector 4.23 retries by itself', () => {
  it('sends a throttled activity 4 times unless its retry policy is taken out', async () => {
    connector.failNext(...Array(4).fill({ status: 429, headers: { 'Retry-After': '0' } }));
    const [reference] = await store.conversations.list('teams');
    let failure: unknown;
    await bot.endpoint.adapter.continueConversationAsync('', reference?.reference as object, async (context) => {
      await context.sendActivity({ type: ActivityTypes.Message, text: 'measuring' }).catch((error) => {
        failure = error;
      });
    });
    expect(failure).toMatchObject({ statusCode: 429 });
    expect(connector.calls).toHaveLength(4);
  });
});
