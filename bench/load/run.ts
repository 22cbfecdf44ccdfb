// npm run bench:load [-- --duration 30 --rate 200 --warm-up 5 --profile --timeline]
//
// Starts the real server (node dist/adapters/main.js, both adapters) in its own process, configured only
// through its environment, against local stand-ins for Slack's Web API and Microsoft's side of Teams
// (Bot Framework keys, the bot's identity endpoint, the connector). This process then drives it
// open-loop (after a warm-up at the same rate, not measured) for a fixed time with signed Slack events
// and commands and authenticated Teams activities, waits (bounded) for the last replies, stops the server with SIGTERM and prints the figures and a
// PASS/FAIL line against the targets. Exit code 1 on FAIL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { APOLOGY, RATE_LIMITED } from '../../src/index.js';
import { type RecordedCall, SlackStandIn } from '../../test/slack/support/web-api-stand-in.js';
import { drive } from './driver.js';
import { report, timeline } from './report.js';
import { startServer } from './server-process.js';
import { startBotFramework } from './stand-ins.js';
import { planTraffic } from './traffic.js';

/** How long to wait for the last replies once the last request is answered. */
const TRAILING_REPLIES_MS = 10_000;
/** After every question has a reply: how long to watch for a second one (a duplicate would come now). */
const DUPLICATE_WATCH_MS = 1_000;
const NOT_ANSWERS = [RATE_LIMITED, APOLOGY];

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
    'warm-up': { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    timeline: { type: 'boolean', default: false },
  },
});
const durationSeconds = Number(values.duration);
const rate = Number(values.rate);
const warmUpSeconds = Number(values['warm-up']);
if (!(durationSeconds > 0 && durationSeconds <= 600 && rate > 0 && rate <= 5000 && warmUpSeconds >= 0)) {
  throw new Error('--duration must be 1 to 600 seconds, --rate 1 to 5000 requests a second, --warm-up 0 or more');
}

const dir = mkdtempSync(join(tmpdir(), 'guidance-bot-load-'));
const slack = new SlackStandIn();
await slack.start();
const teams = await startBotFramework();
const signingSecret = randomBytes(16).toString('hex');

const replies = new Map<string, number[]>();
let unattributed = 0;
let notices = 0;
let unauthorised = 0;
/** Counts a reply; its fallback text says whether it is an answer or a notice (every notice sets it). */
const received = (key: string, at: number, body: unknown) => {
  const times = replies.get(key);
  if (times) times.push(at);
  else unattributed++;
  const text = (body as { text?: unknown }).text;
  if (typeof text === 'string' && NOT_ANSWERS.some((notice) => text.includes(notice))) notices++;
};
slack.onCall = (call: RecordedCall) => {
  const at = performance.now();
  if (call.method === 'chat.postMessage' || call.method === 'chat.postEphemeral') {
    received(call.body.thread_ts ? `thread:${call.body.thread_ts}` : `channel:${call.body.channel}`, at, call.body);
  } else if (call.method === 'response_url') {
    received(`response:${call.path.split('/').pop()}`, at, call.body);
  }
};
teams.onPost = (post) => {
  if (!post.authorised) unauthorised++;
  received(`activity:${post.replyToId}`, post.at, post.body);
};

const { questions, requests } = planTraffic({
  durationMs: (warmUpSeconds + durationSeconds) * 1000,
  rate,
  serviceUrl: teams.serviceUrl,
  teamsBotId: `28:${teams.env.MicrosoftAppId}`,
  responseUrl: (id) => slack.responseUrl(id),
});
for (const question of questions) replies.set(question.replyKey, []);

process.stderr.write(`bench:load: starting the server (state and log in ${dir})\n`);
const server = await startServer({
  dir,
  profile: values.profile,
  env: {
    LOG_LEVEL: 'warn',
    DATABASE_FILE: join(dir, 'guidance-bot.sqlite'),
    INDEX_FILE: join(dir, 'index.json'),
    SLACK_BOT_TOKEN: `xoxb-load-${randomBytes(8).toString('hex')}`,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    ...teams.env,
  },
});
const readyRssMb = server.peakRssMb();
const loadBefore = loadavg()[0] as number;
let exitCode = 1;
try {
  process.stderr.write(
    `bench:load: driving ${server.url} at ${rate} requests/s: ${warmUpSeconds} s to warm up, then ${durationSeconds} s measured\n`,
  );
  let cpuBefore = server.cpuSeconds();
  const warmedUp = setTimeout(() => {
    cpuBefore = server.cpuSeconds();
  }, warmUpSeconds * 1000);
  const sent = await drive(requests, {
    slackUrl: `${server.url}/slack/events`,
    teamsUrl: `${server.url}/api/messages`,
    signingSecret,
    teamsToken: await teams.token(),
    onAcknowledgementReply: (key, at) => replies.get(key)?.push(at),
  });
  clearTimeout(warmedUp);
  await waitForReplies(questions.map((question) => question.replyKey));
  const cpuSeconds = server.cpuSeconds() - cpuBefore;
  const driverCpuSeconds = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  const peakRssMb = server.peakRssMb();
  const serverExit = await server.stop();
  const log = readFileSync(server.logFile, 'utf8');
  const loadAfter = loadavg()[0] as number;
  const { lines, pass } = report({
    durationSeconds,
    warmUpSeconds,
    rate,
    questions,
    sent,
    replies,
    unattributed,
    notices,
    unauthorised,
    peakRssMb,
    readyRssMb,
    cpuSeconds,
    driverCpuSeconds,
    serverExit,
    serverWarnings: log.split('\n').filter((line) => / (WARN|ERROR) /.test(line)).length,
  });
  // The figures are only as good as the machine was quiet: other work competes for the same cores.
  const machine = `Machine: 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores`;
  lines.splice(-1, 0, machine);
  if (values.timeline) lines.splice(-1, 0, 'Timeline:', ...timeline(sent));
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!pass) process.stdout.write(`Server log: ${server.logFile}\n`);
  if (values.profile) process.stdout.write(`CPU profile (.cpuprofile) in ${dir}\n`);
  exitCode = pass ? 0 : 1;
  if (pass && !values.profile) rmSync(dir, { recursive: true, force: true });
} finally {
  await Promise.allSettled([server.stop(), slack.stop(), teams.stop()]);
}
process.exit(exitCode);

/** Until every question has a reply (at most TRAILING_REPLIES_MS), then a moment longer for duplicates. */
async function waitForReplies(keys: string[]): Promise<void> {
  const deadline = performance.now() + TRAILING_REPLIES_MS;
  while (performance.now() < deadline && keys.some((key) => (replies.get(key)?.length ?? 0) === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WATCH_MS));
}
