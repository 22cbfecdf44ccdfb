import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../adapters/server.js';
import { type ServerProcess, startServer } from '../../bench/load/server-process.js';
import { type BotFramework, startBotFramework } from '../../bench/load/stand-ins.js';
import { makeTempDir } from '../helpers.js';
import { eventFixture } from '../slack/support/fixtures.js';
import { postSigned } from '../slack/support/signing.js';
import { BOT_USER_ID, SlackStandIn } from '../slack/support/web-api-stand-in.js';

// Clients that open connections and never finish their requests, on `npm start` as a real process:
// once, 400 connections each holding a body of 1 MB less one byte took the server from 152 MB to
// 487 MB, and none was ever closed (Node's limits are 60 s for headers and 300 s for a request).

/** The load benchmark's peak-memory target (bench/load/report.ts). */
const LOAD_BENCH_PEAK_RSS_MB = 250;
/** The server's own limit is 15 s (REQUEST_TIMEOUT_MS); the margin is for a loaded machine. */
const ALL_CLOSED_WITHIN_MS = 25_000;
const SECRET = '0123456789abcdef0123456789abcdef';

const slack = new SlackStandIn();
let bf: BotFramework;
let server: ServerProcess;

beforeAll(async () => {
  await slack.start();
  bf = await startBotFramework();
  const dir = makeTempDir();
  server = await startServer({
    dir,
    env: {
      ...bf.env,
      SLACK_BOT_TOKEN: 'xoxb-0000-slow-senders',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      INDEX_FILE: 'off',
      DATABASE_FILE: join(dir, 'state.sqlite'),
      WEEKLY_CRON: 'off',
    },
  });
});

afterAll(async () => {
  await server.stop();
  await Promise.all([slack.stop(), bf.stop()]);
}, 30_000);

/** A connection that sends `head` and then `bodyBytes` of body, and never the rest. Resolves when the server closes it. */
function holdOpen(head: string, bodyBytes: number): { closed: Promise<string> } {
  const socket: Socket = connect(new URL(server.url).port as unknown as number, '127.0.0.1');
  let answer = '';
  socket.on('data', (data) => {
    answer ||= data.toString('latin1').split('\r\n')[0] ?? '';
  });
  socket.on('error', () => {}); // the server may close while we are still writing
  socket.once('connect', async () => {
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, ' ');
    for (let sent = 0; sent < bodyBytes && !socket.destroyed; sent += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
      if (!socket.write(part)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    }
  });
  return {
    closed: new Promise((resolve) => socket.once('close', () => resolve(answer || 'closed without an answer'))),
  };
}

async function healthzMs(): Promise<number> {
  const started = performance.now();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  return performance.now() - started;
}

describe('connections that never finish their request', () => {
  it('400 bodies of 1 MB less a byte, and 100 unfinished headers: memory stays bounded, every one is closed, the server goes on', async () => {
    const length = 1024 * 1024;
    const bodies = Array.from({ length: 400 }, (_, i) =>
      holdOpen(
        `POST ${i % 2 ? '/slack/events' : '/api/messages'} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `Authorization: Bearer a.b.c\r\nContent-Length: ${i % 2 ? length : 100 * 1024}\r\n\r\n`,
        (i % 2 ? length : 100 * 1024) - 1,
      ),
    );
    const headers = Array.from({ length: 100 }, () => holdOpen('POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow:', 0));
    const started = performance.now();

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await healthzMs()).toBeLessThan(1_000);
    expect(server.peakRssMb()).toBeLessThan(LOAD_BENCH_PEAK_RSS_MB);

    const answers = await Promise.all([...bodies, ...headers].map((connection) => connection.closed));
    expect(performance.now() - started).toBeLessThan(ALL_CLOSED_WITHIN_MS);
    expect(server.peakRssMb()).toBeLessThan(LOAD_BENCH_PEAK_RSS_MB);
    // Refused at once once the memory for bodies is spent (503), or timed out (408); never served.
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 (408|503)|closed without an answer/);
    expect(answers.some((answer) => answer.includes('503'))).toBe(true);

    // The server is still answering questions.
    const event = eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> can I reply to a tweet?` });
    const ack = await postSigned(`${server.url}/slack/events`, JSON.stringify(event), 'application/json', {
      secret: SECRET,
    });
    expect(ack.status).toBe(200);
    for (let waited = 0; slack.callsTo('chat.postMessage').length === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  }, 60_000);
});

describe('the connection cap', () => {
  it('beyond it a new connection is closed at once; once one closes, the server answers again', async () => {
    const capped = await startHttpServer({ port: 0, host: '127.0.0.1', maxConnections: 5 });
    const port = Number(new URL(capped.url).port);
    try {
      const open = await Promise.all(
        Array.from(
          { length: 5 },
          () =>
            new Promise<Socket>((resolve) => {
              const socket = connect(port, '127.0.0.1', () => resolve(socket));
            }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fetch(`${capped.url}/healthz`)).rejects.toThrow();
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${capped.url}/healthz`)).status).toBe(200);
    } finally {
      await capped.stop();
    }
  });
});
