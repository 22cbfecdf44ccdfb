import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../adapters/log.js';
import { CombinedServer } from '../hostile/support/combined-server.js';
import { eventFixture, fixture, uniqueTriggerId } from '../slack/support/fixtures.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/support/harness.js';
import { BOT_USER_ID, SlackStandIn } from '../slack/support/web-api-stand-in.js';
import { APP_PASSWORD, type BotFrameworkAuth, STAND_IN_TOKEN, startBotFrameworkAuth } from '../teams/auth-stand-ins.js';
import { postActivity, fixture as teamsFixture } from '../teams/helpers.js';
import { ENTRY, parseEntry } from './entry.js';

// What the process writes to its log, across a realistic session on the server as `npm start` runs
// it (Slack and an authenticated Teams bot, one logger): no token, no secret, no question; and every
// entry is one line, whatever a logged value holds.

const FORGED = '\n2026-01-01T00:00:00Z ERROR [guidance-bot] fake';

describe('a session on the combined server', () => {
  // Each question carries a word found nowhere else, to be looked for in the log.
  const QUESTIONS = {
    mention: 'can I reply to the tweet from Quillfeather about our policy?',
    dm: 'a journalist called Marrowdene messaged our account, can I answer?',
    command: 'may I post about the Thistlewick consultation on my own blog?',
    failingPost: 'can I retweet the Brackenridge campaign from our account?',
    teams: 'can I comment on the Larkspurrow announcement on LinkedIn?',
    failingConnector: 'is it ok to like the Oddington post on facebook?',
  };
  const MARKERS = ['Quillfeather', 'Marrowdene', 'Thistlewick', 'Brackenridge', 'Larkspurrow', 'Oddington'];

  let auth: BotFrameworkAuth;
  let server: CombinedServer;
  /** Everything else written to standard error or the console while the session ran (SDKs' own output). */
  const elsewhere: string[] = [];
  const tokensSent: string[] = [];

  beforeAll(async () => {
    auth = await startBotFrameworkAuth();
    server = await new CombinedServer({ teams: auth.config, credentialsFactory: auth.credentialsFactory }).start();
    const capture = (...parts: unknown[]) => {
      elsewhere.push(parts.map(String).join(' '));
    };
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(capture);
    }
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      capture(String(chunk));
      return true;
    });

    const teamsMessage = async (text: string) => {
      const activity = teamsFixture('message_channel_mention_bot');
      activity.serviceUrl = server.connector.serviceUrl;
      activity.text = `<at>fakebot</at> ${text}`;
      const token = await auth.sign(server.connector.serviceUrl);
      tokensSent.push(token);
      return postActivity(`${server.url}/api/messages`, activity, { authorization: `Bearer ${token}` });
    };

    // Slack: a mention, a DM, a slash command, then a post that fails (HTTP 500) and one Slack refuses.
    await server.sendSlackEvent(
      eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTIONS.mention}` }),
    );
    await server.sendSlackEvent(eventFixture('event_message_im', { text: QUESTIONS.dm }));
    await server.sendSlackCommand({
      ...fixture('slash_command'),
      command: '/guidance',
      text: QUESTIONS.command,
      trigger_id: uniqueTriggerId(),
      response_url: server.slackApi.responseUrl('command'),
    });
    server.slackApi.failNext('chat.postMessage', { kind: 'server-error' });
    await server.sendSlackEvent(eventFixture('event_message_im', { text: QUESTIONS.failingPost }));
    await server.settle();
    server.slackApi.failNext('chat.postMessage', { kind: 'slack-error', error: 'channel_not_found' });
    await server.sendSlackEvent(eventFixture('event_message_im', { text: QUESTIONS.failingPost }));
    // A request with a forged signature, which Bolt logs.
    await server.sendSlackEvent(eventFixture('event_message_im', { text: QUESTIONS.dm }), {
      forgedSignature: `v0=${'0'.repeat(64)}`,
    });
    await server.settle();

    // Teams: a message answered, one whose reply the connector refuses (500 then 403), a bad token.
    expect((await teamsMessage(QUESTIONS.teams)).status).toBe(200);
    server.connector.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await teamsMessage(QUESTIONS.failingConnector);
    server.connector.failNext({ status: 403 }, { status: 403 });
    await teamsMessage(QUESTIONS.failingConnector);
    const rejected = await postActivity(
      `${server.url}/api/messages`,
      { ...teamsFixture('message_personal'), text: QUESTIONS.teams },
      { authorization: 'Bearer not-a-jwt' },
    );
    expect(rejected.status).toBe(401);
    vi.restoreAllMocks();
  }, 60_000);

  afterAll(() => server?.stop());

  it('really happened: replies went out, failures were logged', () => {
    expect(server.slackApi.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(4);
    expect(server.connector.calls.length).toBeGreaterThanOrEqual(2);
    const log = server.logs.join('');
    expect(log).toContain('chat.postMessage failed: HTTP 500');
    expect(log).toContain('channel_not_found');
    expect(log).toMatch(/turn failed \(message\)/);
    expect(log).toMatch(/Request verification failed/);
    expect(auth.tokenRequests.length).toBeGreaterThan(0);
  });

  it('logs no token and no secret', () => {
    const everything = [...server.logs, ...elsewhere].join('\n');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_PASSWORD, STAND_IN_TOKEN, ...tokensSent]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/xoxb-|Bearer /);
  });

  it('logs no question text (at the default level, info)', () => {
    const everything = [...server.logs, ...elsewhere].join('\n');
    for (const question of Object.values(QUESTIONS)) expect(everything).not.toContain(question);
    for (const marker of MARKERS) expect(everything).not.toContain(marker);
  });

  it('writes every entry as one line', () => {
    expect(server.logs.length).toBeGreaterThan(3);
    for (const line of server.logs) expect(line).toMatch(ENTRY);
  });
});

describe('log lines cannot be forged', () => {
  function logged(...parts: unknown[]): string[] {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line) => lines.push(line) });
    logger.warn(...parts);
    return lines.join('').split(/(?<=\n)/);
  }

  it.each([
    ['a newline', `question${FORGED}`],
    ['a carriage return', `question\r${FORGED.slice(1)}`],
    ['CRLF', `question\r${FORGED}`],
    ['a Unicode line separator', `question\u2028${FORGED.slice(1)}`],
    ['a next-line control (U+0085)', `question\u0085${FORGED.slice(1)}`],
  ])('a value with %s stays on its entry’s line, escaped', (_case, value) => {
    const lines = logged('received', value);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(ENTRY);
    expect(lines[0]).not.toMatch(/[\r\u2028\u0085]/);
    // Escaped by the log itself, not only by JSON: the message, read back, still has no line break.
    const { msg } = parseEntry(lines[0] as string);
    expect(msg).toContain('2026-01-01T00:00:00Z ERROR [guidance-bot] fake');
    expect(msg).not.toMatch(/[\n\r\u2028\u0085]/);
  });

  it('an error message with newlines, and terminal escapes, too', () => {
    const [line, ...more] = logged(new Error(`boom${FORGED}\u001b[2J\u001b[31mred\u0000`));
    expect(more).toEqual([]);
    expect(line).toMatch(ENTRY);
    expect(parseEntry(line as string).msg).toContain(
      'Error: boom\\n2026-01-01T00:00:00Z ERROR [guidance-bot] fake\\u001b[2J\\u001b[31mred\\u0000',
    );
  });

  it('through the server: an activity type from another tenant, logged when it is ignored, stays one line', async () => {
    const server = await new CombinedServer({
      teams: { anonymous: true, allowedTenants: ['00000000-0000-0000-0000-00000000a005'] },
    }).start();
    try {
      const activity = teamsFixture('message_personal');
      activity.serviceUrl = server.connector.serviceUrl;
      activity.type = `message${FORGED}`;
      activity.channelData = { tenant: { id: '00000000-0000-0000-0000-00000000a001' } };
      await postActivity(`${server.url}/api/messages`, activity);
      const ignored = server.logs.filter((line) => line.includes('from a tenant not in'));
      expect(ignored).toHaveLength(1);
      for (const line of server.logs) expect(line).toMatch(ENTRY);
      expect(server.logs.some((line) => line.startsWith('2026-01-01T00:00:00Z'))).toBe(false);
      expect(server.connector.calls).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('an upstream answer is never logged', () => {
  it('a Web API error logged as it is, after a 200 that was not JSON, shows no part of the answer', async () => {
    const standIn = new SlackStandIn();
    await standIn.start();
    try {
      const body = '<html><body>Pellucidor proxy error</body></html>';
      standIn.failNext('chat.postMessage', { kind: 'unreadable', contentType: 'text/html', body });
      const client = new WebClient(BOT_TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } });
      const error = await client.chat.postMessage({ channel: 'C1', text: 'hi' }).catch((caught: unknown) => caught);
      expect(String((error as Error).message)).toContain('Pellucidor'); // what the SDK would have printed
      const lines: string[] = [];
      createLogger('info', { write: (line) => lines.push(line) }).error('Posting failed:', error);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(ENTRY);
      expect(lines[0]).toContain("Slack's answer could not be read");
      expect(lines[0]).not.toContain('Pellucidor');
    } finally {
      await standIn.stop();
    }
  });
});

describe('tokens and secrets are redacted, whoever logs them', () => {
  const SIGNING = '8f742231b10e8888abcd9876543210ff';
  const CLIENT_SECRET = 'Zq8Q~abcdefghijklmnopqrstuvwxyz0123456789';
  function logged(...parts: unknown[]): string {
    const lines: string[] = [];
    const logger = createLogger('debug', { secrets: [SIGNING, CLIENT_SECRET], write: (line) => lines.push(line) });
    logger.error(...parts);
    expect(lines).toHaveLength(1);
    return parseEntry(lines[0] as string).msg;
  }

  it.each([
    ['a bot token', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['a user token', 'xoxp-1234567890-0987654321-AbCdEfGhIj'],
    ['an app-level token', 'xapp-1-A0123456789-1234567890123-abcdef0123456789'],
    ['a Bearer token', 'Bearer abc.def.ghi-not-a-real-one'],
    ['a JWT', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl'],
    ['the configured signing secret', SIGNING],
    ['the configured client secret', CLIENT_SECRET],
  ])('%s', (_case, secret) => {
    const msg = logged(`request failed: ${secret}; more`, { headers: { authorization: secret } });
    expect(msg).not.toContain(secret);
    expect(msg).toContain('[redacted');
    expect(msg).toContain('request failed:');
  });

  it('a form-encoded token request keeps its shape, not its secrets', () => {
    const msg = logged(new Error('POST body grant_type=client_credentials&client_secret=s3cr3t-V4lue&scope=x'));
    expect(msg).not.toContain('s3cr3t-V4lue');
    expect(msg).toContain('client_secret=[redacted]&scope=x');
  });
});
