import { beforeAll, describe, expect, it } from 'vitest';
import { logStoreHealth } from '../../adapters/store-health.js';
import { APOLOGY, countingQuestions } from '../../src/index.js';
import {
  type ConnectorStandIn,
  fixture,
  postActivity,
  type RunningBot,
  sharedCore,
  startBot,
  startConnector,
} from '../teams/helpers.js';
import { FullableDatabase } from './support/full-database.js';

// Teams writes state too (questions counted, conversations, feedback). With the database full (SQLite's
// own SQLITE_FULL on a real file), questions sent through the real CloudAdapter are still answered,
// and the failed writes are logged once for the outage, not once per question.

const QUESTION = 'can I reply to a journalist who asked me about policy on Twitter?';
const database = new FullableDatabase();
const { store } = database;
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  connector = await startConnector();
  const counted = countingQuestions(sharedCore(), store.usage, 'teams', () => {});
  bot = await startBot(undefined, { core: counted, feedback: store.feedback, conversations: store.conversations });
  logStoreHealth(store.writes, bot.logger);
  database.fill();
});

function message(name: string) {
  const activity = fixture(name);
  activity.serviceUrl = connector.serviceUrl;
  activity.text = name === 'message_personal' ? QUESTION : `<at>fakebot</at> ${QUESTION}`;
  return activity;
}

describe('with the database full', () => {
  it('answers questions in a channel and a personal chat, each with one card', async () => {
    for (const name of ['message_channel_mention_bot', 'message_personal']) {
      connector.reset();
      expect((await postActivity(bot.url, message(name))).status).toBe(200);
      expect(connector.calls).toHaveLength(1);
      expect(connector.calls[0]?.body.attachments).toHaveLength(1);
      expect(connector.calls[0]?.body.text).not.toBe(APOLOGY);
    }
  });

  it('logs the failed counting once, and is not ready', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const lines = bot.logger.lines.filter((line) => line.includes('cannot be written'));
    expect(lines).toEqual([expect.stringContaining('SQLITE_FULL: database or disk is full')]);
    expect(bot.logger.lines.join('\n')).not.toContain('journalist');
    expect(await store.writes.check()).toBe('SQLITE_FULL: database or disk is full');
    const today = new Date().toISOString().slice(0, 10);
    expect((await store.reports.report({ from: today, to: today })).answered).toBe(0);
  });
});
