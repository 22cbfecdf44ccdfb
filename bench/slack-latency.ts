// npm run bench:slack: the reply latency of a signed @mention, end to end on loopback. The real Slack
// adapter (Bolt app, ExpressReceiver, the shared HTTP server) runs on 127.0.0.1 against a stand-in for
// Slack's Web API; each event is signed as Slack signs it, and its reply latency runs from sending the
// request to the stand-in receiving chat.postMessage. Ack latency is the HTTP response time (Slack
// wants it within 3 s). Bounded: a few hundred requests, one at a time, stopping at 30 s whatever happens.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_KNOWLEDGE } from '../adapters/config.js';
import { createLogger } from '../adapters/log.js';
import { startHttpServer } from '../adapters/server.js';
import { createSlackApp, startSlackApp } from '../adapters/slack/app.js';
import { openSqliteStore } from '../adapters/store/index.js';
import { createCore } from '../src/index.js';

const WARM_UP = 20;
const REQUESTS = 300;
const TIME_LIMIT_MS = 30_000;
const SECRET = '0123456789abcdef0123456789abcdef';
const QUESTIONS = [
  'someone is being really abusive in our replies, do we answer?',
  'can I reply to a journalist who tweeted about our policy?',
  'am I allowed to share a party political post from my personal account?',
  'should we answer every message we get on our official account?',
  'can I say where I work on my LinkedIn profile?',
  'a citizen asked a question on facebook, who should reply?',
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** The Web API stand-in: answers auth.test and chat.postMessage, noting when each reply arrives. */
async function startStandIn(onReply: (threadTs: string) => void) {
  let ts = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const method = request.url?.replace(/^\/api\//, '');
      const fields = new URLSearchParams(body);
      if (method === 'chat.postMessage') onReply(fields.get('thread_ts') ?? '');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify(
          method === 'auth.test'
            ? { ok: true, user_id: 'UBENCHBOT', bot_id: 'BBENCHBOT', team_id: 'T1' }
            : { ok: true, channel: fields.get('channel'), ts: `1700000000.${String(++ts).padStart(6, '0')}` },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

/** Sends mention number `i` as Slack would, signed; resolves with [ack ms, reply ms]. */
async function sendMention(
  url: string,
  i: number,
  waiting: Map<string, (at: number) => void>,
): Promise<[number, number]> {
  const ts = `1700000000.${String(i).padStart(6, '0')}`;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvBENCH${i}`,
    event_time: 1700000000,
    event: {
      type: 'app_mention',
      user: `UASKER${i}`, // one question each, so the per-user rate limit never applies
      text: `<@UBENCHBOT> ${QUESTIONS[i % QUESTIONS.length]}`,
      ts,
      channel: 'C1',
      event_ts: ts,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const replied = new Promise<number>((resolve) => waiting.set(ts, resolve));
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': signature,
    },
    body,
  });
  const acked = performance.now();
  if (response.status !== 200) throw new Error(`request ${i} got HTTP ${response.status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply to request ${i}`)), 5000);
  });
  const repliedAt = await Promise.race([replied, timeout]).finally(() => clearTimeout(timer));
  waiting.delete(ts);
  return [acked - sent, repliedAt - sent];
}

async function main(): Promise<void> {
  const core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
  const waiting = new Map<string, (at: number) => void>();
  const standIn = await startStandIn((threadTs) => waiting.get(threadTs)?.(performance.now()));
  // A real database file, as npm start keeps: each event's id is claimed in it.
  const store = openSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'guidance-bot-bench-')), 'bench.sqlite') });
  const slack = createSlackApp({
    core,
    config: {
      mode: 'http',
      botToken: 'xoxb-bench',
      signingSecret: SECRET,
      apiUrl: standIn.apiUrl,
      port: 0,
      logLevel: 'warn',
    },
    feedback: store.feedback,
    deliveries: store.deliveries,
    logger: createLogger('warn'),
  });
  await startSlackApp(slack);
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    ...(slack.receiver ? { slack: slack.receiver } : {}),
  });
  const url = `${server.url}/slack/events`;
  const deadline = Date.now() + TIME_LIMIT_MS;
  const mention = (i: number) => sendMention(url, i, waiting);

  const acks: number[] = [];
  const replies: number[] = [];
  try {
    for (let i = 0; i < WARM_UP + REQUESTS && Date.now() < deadline; i++) {
      const [ack, reply] = await mention(i);
      if (i >= WARM_UP) {
        acks.push(ack);
        replies.push(reply);
      }
    }
  } finally {
    await slack.idle();
    await server.stop();
    standIn.server.closeAllConnections();
    standIn.server.close();
  }
  acks.sort((a, b) => a - b);
  replies.sort((a, b) => a - b);
  process.stdout.write(
    [
      `Slack adapter on loopback: ${replies.length} signed app_mention events, one at a time (after ${WARM_UP} to warm up)`,
      `  reply latency (request sent -> chat.postMessage received): median ${ms(percentile(replies, 50))}, p99 ${ms(percentile(replies, 99))}, max ${ms(replies.at(-1) ?? Number.NaN)}`,
      `  ack latency (request sent -> HTTP 200):                    median ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}, max ${ms(acks.at(-1) ?? Number.NaN)}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:slack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
