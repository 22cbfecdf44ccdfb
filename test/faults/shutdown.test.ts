import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers.js';
import { launchServerProcess, type ServerProcess } from '../server-process.js';
import { eventFixture } from '../slack/support/fixtures.js';
import { postSigned } from '../slack/support/signing.js';
import { BOT_USER_ID, SlackStandIn } from '../slack/support/web-api-stand-in.js';

// SIGTERM while replies are in flight, on `npm start` as a real process: it stops taking requests,
// finishes the replies it owes, closes the database cleanly and exits 0.

const SECRET = '0123456789abcdef0123456789abcdef';
const QUESTIONS = 6;
const standIn = new SlackStandIn();
let server: ServerProcess;
const database = join(makeTempDir(), 'guidance-bot.sqlite');

beforeAll(async () => {
  await standIn.start();
  standIn.delayMs = 1500; // a slow Slack: each reply is still in flight when the signal comes
  server = await launchServerProcess({
    DATABASE_FILE: database,
    SLACK_BOT_TOKEN: 'xoxb-0000-shutdown-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: standIn.apiUrl,
  });
});

afterAll(() => standIn.stop());

describe('SIGTERM with replies in flight', () => {
  it('finishes every reply, refuses new requests, closes the database and exits 0', async () => {
    await server.healthy();
    const { url } = server;
    const acks = await Promise.all(
      Array.from({ length: QUESTIONS }, (_, i) => {
        const body = eventFixture('event_app_mention_channel', {
          text: `<@${BOT_USER_ID}> can I reply to this journalist on Twitter? (${i})`,
          ts: `1700000000.00010${i}`,
        });
        return postSigned(`${url}/slack/events`, JSON.stringify(body), 'application/json', { secret: SECRET });
      }),
    );
    expect(acks.map((ack) => ack.status)).toEqual(Array(QUESTIONS).fill(200));
    // Every reply has reached the (slow) stand-in and none has been answered yet.
    while (standIn.callsTo('chat.postMessage').length < QUESTIONS) await new Promise((r) => setTimeout(r, 20));
    server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));

    await expect(fetch(`${url}/healthz`)).rejects.toThrow(); // no longer listening
    expect(await server.exitCode).toBe(0);
    expect(server.stderr()).toContain('Shutting down');
    await standIn.settled();
    const replies = standIn.callsTo('chat.postMessage');
    expect(replies).toHaveLength(QUESTIONS); // one reply each
    expect(replies.filter((reply) => reply.abandoned)).toEqual([]); // each waited for, not cut off
    // Closed cleanly: the write-ahead log was checkpointed into the file and removed.
    expect(existsSync(`${database}-wal`) ? statSync(`${database}-wal`).size : 0).toBe(0);
    const db = new Database(database, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT sum(answered) + sum(declined) AS n FROM questions_daily').get()).toEqual({
      n: QUESTIONS,
    });
    expect(db.prepare("SELECT count(*) AS n FROM deliveries WHERE key LIKE 'event:%'").get()).toEqual({
      n: QUESTIONS,
    });
    db.close();
  });
});
