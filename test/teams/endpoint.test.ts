import { createServer } from 'node:http';
import express from 'express';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyCard } from '../../adapters/teams/cards.js';
import { createTeamsEndpoint } from '../../adapters/teams/endpoint.js';
import type { Core } from '../../src/index.js';
import { APOLOGY } from '../../src/index.js';
import { openTempStore } from '../helpers.js';
import {
  ANONYMOUS,
  type ConnectorStandIn,
  fixture,
  listen,
  postActivity,
  recordingLogger,
  sharedCore,
  startBot,
  startConnector,
} from './helpers.js';

// The endpoint as the shared server will mount it (express 5, with or without a JSON body parser),
// what it does with requests that are not activities, and the turn error handler.

const core = sharedCore();
let connector: ConnectorStandIn;

beforeAll(async () => {
  connector = await startConnector();
});
beforeEach(() => connector.reset());

function personal(text: string) {
  const activity = fixture('message_personal');
  activity.serviceUrl = connector.serviceUrl;
  activity.text = text;
  return activity;
}

describe('mounted on an express 5 app', () => {
  it.each([
    ['with express.json()', true],
    ['without a body parser', false],
  ])('answers at POST /api/messages %s', async (_name, parseJson) => {
    const { feedback, conversations, deliveries } = openTempStore();
    const endpoint = createTeamsEndpoint({
      core,
      config: ANONYMOUS,
      logger: recordingLogger(),
      feedback,
      deliveries,
      conversations,
    });
    const app = express();
    if (parseJson) app.use(express.json());
    app.post('/api/messages', (req, res) => endpoint.handler(req, res));
    const url = `${await listen(createServer(app))}/api/messages`;

    const response = await postActivity(url, personal('principles'));
    expect(response.status).toBe(200);
    expect(connector.cards()).toEqual([replyCard(core.respond('principles'), { presentation: core.presentation })]);
  });
});

describe('requests that are not activities', () => {
  it('refuses anything but POST, a body that is not JSON, and a body that is far too big', async () => {
    const bot = await startBot();
    expect((await fetch(bot.url)).status).toBe(405);
    const notJson = await fetch(bot.url, {
      method: 'POST',
      body: '{"type": "message", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const huge = await fetch(bot.url, { method: 'POST', body: `"${'x'.repeat(1_100_000)}"` });
    expect(huge.status).toBe(413);
    const noType = await postActivity(bot.url, { text: 'hello' });
    expect(noType.status).toBe(400);
    expect(connector.calls).toEqual([]);
  });
});

describe('when a turn fails', () => {
  const SECRET_QUESTION = 'can I post about the confidential merger tomorrow?';
  const broken: Core = {
    ...core,
    respond: (text) => {
      throw new Error(`index exploded while reading "${text}"`);
    },
    answer: (question) => {
      throw new Error(`index exploded while reading "${question.question}"`);
    },
  };

  it('logs the error without the question, and apologises in the conversation', async () => {
    const bot = await startBot(ANONYMOUS, { core: broken });
    const response = await postActivity(bot.url, personal(SECRET_QUESTION));

    expect(response.status).toBe(200);
    expect(connector.calls.map((call) => call.body.text)).toEqual([APOLOGY]);
    const errors = bot.logger.lines.filter((line) => line.startsWith('error'));
    expect(errors).toEqual(['error turn failed (message): Error: index exploded while reading "[message text]"']);
    expect(bot.logger.lines.join('\n')).not.toContain('merger');
  });

  it('answers a failed invoke with HTTP 500 and posts nothing to the chat', async () => {
    const bot = await startBot(ANONYMOUS, { core: broken });
    const activity = fixture('invoke_composeExtension_query');
    activity.serviceUrl = connector.serviceUrl;
    activity.value = { commandId: 'searchGuidance', parameters: [{ name: 'query', value: SECRET_QUESTION }] };

    const response = await postActivity(bot.url, activity);
    expect(response.status).toBe(500);
    expect(connector.calls).toEqual([]);
    expect(bot.logger.lines.filter((line) => line.startsWith('error'))).toEqual([
      'error turn failed (invoke composeExtension/query): Error: index exploded while reading "[message text]"',
    ]);
  });
});

describe('start-up log', () => {
  it('says loudly when the endpoint accepts anyone', async () => {
    const bot = await startBot(ANONYMOUS);
    expect(bot.logger.lines[0]).toMatch(
      /^warn TEAMS_ALLOW_ANONYMOUS=true: \/api\/messages accepts requests from ANYONE/,
    );
  });

  it('names the app, never the password', async () => {
    const bot = await startBot({
      anonymous: false,
      appId: '00000000-0000-0000-0000-00000000b001',
      appType: 'SingleTenant',
      appPassword: 'do-not-log-me',
      tenantId: '00000000-0000-0000-0000-00000000a001',
      allowedTenants: ['00000000-0000-0000-0000-00000000a001'],
      endpoints: {},
    });
    expect(bot.logger.lines).toEqual([
      'info Teams: app 00000000-0000-0000-0000-00000000b001 (SingleTenant, tenant 00000000-0000-0000-0000-00000000a001)',
      'info Teams: answering only tenants 00000000-0000-0000-0000-00000000a001',
    ]);
  });
});
