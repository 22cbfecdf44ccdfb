import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { loadKnowledge } from '../../src/index.js';
import { BOT_USER_ID } from '../../test/slack/support/web-api-stand-in.js';

// The traffic of one run, planned before it starts so that every run with the same options sends the same
// requests at the same moments: people asking in Slack (@mentions, DMs, /guidance) and Teams (personal
// chats, channel @mentions), and Slack re-sending some events as if it had not seen our acknowledgement.

export type Kind = 'mention' | 'dm' | 'command' | 'teams-personal' | 'teams-channel';
export const KINDS: readonly Kind[] = ['mention', 'dm', 'command', 'teams-personal', 'teams-channel'];

/** Share of questions by kind. Slack carries most of a department's traffic. */
const MIX: Record<Kind, number> = {
  mention: 0.3,
  dm: 0.25,
  command: 0.15,
  'teams-personal': 0.15,
  'teams-channel': 0.15,
};
/** Every RETRY_EVERY-th Slack event (mention or DM) is delivered again, as Slack retries. */
const RETRY_EVERY = 10;
/** Slack's per-person limit is 10 questions a minute: each Slack user here asks at most this many. */
const QUESTIONS_PER_USER_PER_MINUTE = 5;
/** Everyday commands among the questions, as people type them. */
const COMMANDS = ['principles', 'week', 'help', 'principle 3', 'principle 6'];

/** How a re-sent event is timed against its first delivery. */
export type RetryTiming = 'at once' | 'soon' | 'late';

export interface Question {
  id: number;
  kind: Kind;
  /** ms after the start of the run when the question is first sent. */
  at: number;
  /** What identifies its reply: thread ts (mention), DM channel, response_url id, or Teams activity id. */
  replyKey: string;
}

export interface PlannedRequest {
  question: Question;
  /** ms after the start of the run. */
  at: number;
  platform: 'slack' | 'teams';
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  body: string;
  /** Set on a Slack redelivery. */
  retry?: { num: number; timing: RetryTiming };
}

export interface TrafficOptions {
  durationMs: number;
  /** Requests per second, redeliveries included. */
  rate: number;
  /** The Teams connector's address, which activities carry as serviceUrl. */
  serviceUrl: string;
  /** The bot's Teams id (28:{app id}). */
  teamsBotId: string;
  /** Where a slash command's response_url points: responseUrl(id) on the Slack stand-in. */
  responseUrl: (id: string) => string;
}

/** The plan, sorted by time: questions spread evenly over the run, redeliveries beside them. */
export function planTraffic(options: TrafficOptions): { questions: Question[]; requests: PlannedRequest[] } {
  const next = random(6);
  const texts = questionTexts();
  const total = Math.round((options.rate * options.durationMs) / 1000);
  // Kinds first, to know how many questions (total less redeliveries) to spread over the run.
  const kinds: Kind[] = [];
  let slackEvents = 0;
  while (kinds.length + Math.floor(slackEvents / RETRY_EVERY) < total) {
    const kind = pick(next());
    kinds.push(kind);
    if (kind === 'mention' || kind === 'dm') slackEvents++;
  }
  const slackShare = MIX.mention + MIX.dm + MIX.command;
  const slackUsers = Math.max(50, Math.ceil((options.rate * slackShare * 60) / QUESTIONS_PER_USER_PER_MINUTE));
  const questions: Question[] = [];
  const requests: PlannedRequest[] = [];
  let slackCount = 0;
  let eventCount = 0;
  const spacing = options.durationMs / kinds.length;
  for (const [id, kind] of kinds.entries()) {
    const at = id * spacing;
    const text = texts[Math.floor(next() * texts.length)] as string;
    const person = { slack: `ULOAD${slackCount % slackUsers}`, teams: id % 500 };
    const { replyKey, request } = build(kind, id, text, person, options);
    const question: Question = { id, kind, at, replyKey };
    questions.push(question);
    requests.push({ question, at, ...request });
    if (kind === 'mention' || kind === 'dm' || kind === 'command') slackCount++;
    if (kind !== 'mention' && kind !== 'dm') continue;
    if (++eventCount % RETRY_EVERY !== 0) continue;
    const retry = retryTiming(next(), at, options.durationMs);
    requests.push({ question, ...request, at: retry.at, retry: { num: retry.num, timing: retry.timing } });
  }
  requests.sort((a, b) => a.at - b.at);
  return { questions, requests };
}

/** One in three at once (while the first is in flight), one soon after, one seconds later. */
function retryTiming(draw: number, at: number, durationMs: number) {
  const lateAt = at + 3000 + draw * 3000;
  if (draw < 1 / 3) return { at, num: 1, timing: 'at once' as const };
  if (draw < 2 / 3 || lateAt > durationMs) {
    return { at: Math.min(durationMs, at + 200 + draw * 800), num: 1, timing: 'soon' as const };
  }
  return { at: lateAt, num: 2, timing: 'late' as const };
}

type RequestContent = Pick<PlannedRequest, 'platform' | 'contentType' | 'body'>;

function build(
  kind: Kind,
  id: number,
  text: string,
  person: { slack: string; teams: number },
  options: TrafficOptions,
): { replyKey: string; request: RequestContent } {
  const ts = `1700000000.${String(id).padStart(6, '0')}`;
  switch (kind) {
    case 'mention':
      return {
        replyKey: `thread:${ts}`,
        request: slackEvent(id, ts, person.slack, {
          type: 'app_mention',
          text: `<@${BOT_USER_ID}> ${slackEscape(text)}`,
          channel: `CLOAD${id % 40}`,
        }),
      };
    case 'dm':
      return {
        replyKey: `channel:DLOAD${id}`,
        request: slackEvent(id, ts, person.slack, {
          type: 'message',
          channel_type: 'im',
          text: slackEscape(text),
          channel: `DLOAD${id}`,
        }),
      };
    case 'command':
      return { replyKey: `response:q${id}`, request: slashCommand(id, text, person.slack, options) };
    default:
      return {
        replyKey: `activity:load-${id}`,
        request: {
          platform: 'teams',
          contentType: 'application/json',
          body: JSON.stringify(teamsActivity(kind === 'teams-channel', id, text, person.teams, options)),
        },
      };
  }
}

/** An Events API callback as Slack posts it, carrying `event` from `user`. */
function slackEvent(id: number, ts: string, user: string, event: Record<string, unknown>): RequestContent {
  return {
    platform: 'slack',
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'unused-verification-token',
      team_id: 'TLOAD',
      api_app_id: 'ALOAD',
      type: 'event_callback',
      event_id: `EvLOAD${id}`,
      event_time: 1700000000,
      event: { ...event, user, ts, event_ts: ts },
      authorizations: [{ team_id: 'TLOAD', user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    }),
  };
}

/** A /guidance slash command as Slack posts it (a form), answered through its response_url. */
function slashCommand(id: number, text: string, user: string, options: TrafficOptions): RequestContent {
  return {
    platform: 'slack',
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({
      token: 'unused-verification-token',
      team_id: 'TLOAD',
      team_domain: 'load',
      channel_id: `CLOAD${id % 40}`,
      channel_name: 'social-media',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/guidance',
      text: slackEscape(text),
      api_app_id: 'ALOAD',
      response_url: options.responseUrl(`q${id}`),
      trigger_id: `${id}.1700000000.load`,
    }).toString(),
  };
}

function teamsActivity(inChannel: boolean, id: number, text: string, person: number, options: TrafficOptions) {
  const tenantId = '00000000-0000-0000-0000-00000000a0ad';
  const bot = { id: options.teamsBotId, name: 'Guidance' };
  const channel = `19:load-channel-${id % 20}@thread.tacv2`;
  return {
    type: 'message',
    channelId: 'msteams',
    id: `load-${id}`,
    timestamp: new Date(1700000000000 + id).toISOString(),
    serviceUrl: options.serviceUrl,
    from: { id: `29:load-user-${person}`, name: `Load User ${person}`, aadObjectId: aadId(person) },
    recipient: bot,
    conversation: inChannel
      ? { id: `${channel};messageid=${id}`, isGroup: true, conversationType: 'channel', tenantId }
      : { id: `a:load-personal-${person}`, conversationType: 'personal', tenantId },
    textFormat: 'plain',
    text: inChannel ? `<at>Guidance</at> ${text}` : text,
    entities: inChannel ? [{ type: 'mention', text: '<at>Guidance</at>', mentioned: bot }] : [],
    channelData: inChannel
      ? { teamsChannelId: channel, teamsTeamId: '19:load-team@thread.tacv2', tenant: { id: tenantId } }
      : { tenant: { id: tenantId } },
    locale: 'en-GB',
  };
}

/** The example questions written for each passage of the bundled knowledge, and a few commands. */
function questionTexts(): string[] {
  const knowledge = loadKnowledge([BUNDLED_KNOWLEDGE]);
  return [...new Set(knowledge.passages.flatMap((passage) => passage.questions)), ...COMMANDS];
}

/** Slack escapes these three in the text it sends. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function aadId(person: number): string {
  return `00000000-0000-0000-0000-${String(person).padStart(12, '0')}`;
}

function pick(draw: number): Kind {
  let sum = 0;
  for (const kind of KINDS) {
    sum += MIX[kind];
    if (draw < sum) return kind;
  }
  return 'teams-channel';
}

/** A seeded generator, so that every run sends the same traffic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
