import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BUNDLED_KNOWLEDGE } from '../adapters/config.js';
import { openSqliteStore } from '../adapters/store/index.js';
import { createTeamsEndpoint } from '../adapters/teams/endpoint.js';
import { createCore } from '../src/index.js';

/**
 * Reply latency of a Teams channel @mention: from sending the activity to the bot's endpoint (the
 * real CloudAdapter, anonymous mode) to a stand-in for the Bot Framework connector receiving the
 * reply. Everything on 127.0.0.1; stops after the requests or 25 seconds, whichever comes first.
 *
 *   npm run bench:teams [-- --requests 300 --concurrency 8]
 */
const QUESTIONS = [
  'someone is being really abusive in our replies, do we answer?',
  'can I reply to this tweet about our policy?',
  'can I like a post by a political party on my personal account?',
  'a journalist asked a question on LinkedIn, can I answer it?',
  'principles',
  'week',
  'can I say I work for the department on my own twitter profile?',
  'should we delete an old post that had a mistake in it?',
];
const DEADLINE_MS = 25_000;

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '1,8' } },
});
const requests = Number(values.requests);
const concurrencies = String(values.concurrency).split(',').map(Number);

const received = new Map<string, number>();
const connector = createServer((req, res) => {
  const replyTo = decodeURIComponent(req.url?.split('/activities/')[1] ?? '');
  received.set(replyTo, performance.now());
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"reply"}');
  });
});
const connectorUrl = await listen(connector);

const started = performance.now();
const core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (line: string) => process.stderr.write(`${line}\n`),
};
const store = openSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'guidance-bot-bench-')), 'bench.sqlite') });
const endpoint = createTeamsEndpoint({
  core,
  config: { anonymous: true, allowedTenants: [] },
  logger: quiet,
  feedback: store.feedback,
  deliveries: store.deliveries,
  conversations: store.conversations,
});
const bot = createServer((req, res) => void endpoint.handler(req, res));
const botUrl = `${await listen(bot)}/api/messages`;
process.stdout.write(`core and endpoint ready in ${(performance.now() - started).toFixed(0)} ms\n`);

let sequence = 0;
function mention(): { id: string; body: string } {
  sequence++;
  const id = `bench-${sequence}`;
  const activity = {
    type: 'message',
    channelId: 'msteams',
    id,
    text: `<at>Guidance</at> ${QUESTIONS[sequence % QUESTIONS.length]}`,
    serviceUrl: `${connectorUrl}/amer/`,
    from: { id: '29:bench-user', name: 'Bench User', aadObjectId: '00000000-0000-0000-0000-00000000c001' },
    recipient: { id: '28:00000000-0000-0000-0000-00000000b001', name: 'Guidance' },
    conversation: {
      id: `19:bench-channel@thread.tacv2;messageid=${id}`,
      isGroup: true,
      conversationType: 'channel',
      tenantId: '00000000-0000-0000-0000-00000000a001',
    },
    channelData: {
      tenant: { id: '00000000-0000-0000-0000-00000000a001' },
      teamsChannelId: '19:bench-channel@thread.tacv2',
    },
    entities: [
      {
        type: 'mention',
        text: '<at>Guidance</at>',
        mentioned: { id: '28:00000000-0000-0000-0000-00000000b001', name: 'Guidance' },
      },
    ],
  };
  return { id, body: JSON.stringify(activity) };
}

async function send(): Promise<{ reply: number; ack: number } | undefined> {
  const { id, body } = mention();
  const sent = performance.now();
  const response = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  const acked = performance.now();
  const replied = received.get(id);
  if (response.status !== 200 || replied === undefined) return undefined;
  return { reply: replied - sent, ack: acked - sent };
}

async function run(count: number, concurrency: number, deadline: number) {
  const results: Array<{ reply: number; ack: number }> = [];
  let failed = 0;
  let left = count;
  const worker = async () => {
    while (left > 0 && performance.now() < deadline) {
      left--;
      const result = await send();
      if (result) results.push(result);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, failed };
}

const deadline = performance.now() + DEADLINE_MS;
await run(20, 1, deadline); // warm-up: JIT, sockets
for (const concurrency of concurrencies) {
  const begin = performance.now();
  const { results, failed } = await run(requests, concurrency, deadline);
  const seconds = (performance.now() - begin) / 1000;
  const replies = results.map((result) => result.reply).sort((a, b) => a - b);
  const acks = results.map((result) => result.ack).sort((a, b) => a - b);
  process.stdout.write(
    `channel @mention, ${results.length} requests (${failed} failed), ${concurrency} in flight, ${(results.length / seconds).toFixed(0)}/s\n` +
      `  reply latency (request sent -> connector stand-in has the reply): median ${ms(percentile(replies, 50))}, p99 ${ms(percentile(replies, 99))}, max ${ms(replies.at(-1))}\n` +
      `  HTTP response to the request:                                  median ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}\n`,
  );
}
if (performance.now() > deadline) process.stdout.write('(stopped at the 25 s limit)\n');

bot.closeAllConnections();
connector.closeAllConnections();
bot.close();
connector.close();

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(1)} ms`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
