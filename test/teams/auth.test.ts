import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ID,
  APP_PASSWORD,
  type BotFrameworkAuth,
  STAND_IN_TOKEN,
  startBotFrameworkAuth,
  type TokenOptions,
} from './auth-stand-ins.js';
import { type ConnectorStandIn, fixture, postActivity, type RunningBot, startBot, startConnector } from './helpers.js';

// With an app id set, every request must carry a Bot Framework token: signed by a key from the
// configured OpenID metadata, from the configured issuer, for this app, for this serviceUrl.
// Here the OpenID metadata and its keys come from a local server, and the bot's own outbound token
// comes from a local HTTPS token endpoint through MSAL: nothing leaves 127.0.0.1 (auth-stand-ins.ts).

let auth: BotFrameworkAuth;
let connector: ConnectorStandIn;
let bot: RunningBot;

beforeAll(async () => {
  // botbuilder prints rejected tokens with console.error; the assertions below are on HTTP results.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  auth = await startBotFrameworkAuth();
  expect(auth.config.anonymous).toBe(false);
  connector = await startConnector();
  bot = await startBot(auth.config, { credentialsFactory: auth.credentialsFactory });
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(() => connector.reset());

function mention() {
  const activity = fixture('message_channel_mention_bot');
  activity.serviceUrl = connector.serviceUrl;
  activity.text = '<at>fakebot</at> principles';
  return activity;
}

function sign(claims: Record<string, unknown> = {}, options: TokenOptions = {}): Promise<string> {
  return auth.sign(connector.serviceUrl, claims, options);
}

describe('inbound authentication with an app id set', () => {
  it('rejects a request with no Authorization header: 401, no reply', async () => {
    const response = await postActivity(bot.url, mention());
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a garbage token', async () => {
    const response = await postActivity(bot.url, mention(), { authorization: 'Bearer not-a-jwt' });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects an expired token (past the five-minute clock allowance)', async () => {
    const expired = await sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 10 * 60 });
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${expired}` });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a token for another app (wrong audience)', async () => {
    const other = await sign({}, { audience: randomUUID() });
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${other}` });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a token signed by a key the metadata does not publish', async () => {
    const forged = await sign({}, { key: auth.strangerKey });
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a token issued for another serviceUrl', async () => {
    const elsewhere = await sign({ serviceurl: 'https://smba.trafficmanager.net/amer/' });
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${elsewhere}` });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a token from another issuer', async () => {
    const wrongIssuer = await sign({}, { issuer: 'https://api.botframework.com' });
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${wrongIssuer}` });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('answers a valid token, replying with its own token from the (local) token endpoint', async () => {
    const token = await sign();
    const response = await postActivity(bot.url, mention(), { authorization: `Bearer ${token}` });

    expect(response.status).toBe(200);
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]?.headers.authorization).toBe(`Bearer ${STAND_IN_TOKEN}`);
    expect(connector.cards()).toHaveLength(1);
    // MSAL asked for a client-credentials token for the Bot Framework, as this app.
    const request = auth.tokenRequests.at(-1);
    expect(request?.get('grant_type')).toBe('client_credentials');
    expect(request?.get('client_id')).toBe(APP_ID);
    expect(request?.get('client_secret')).toBe(APP_PASSWORD);
    expect(request?.get('scope')).toContain('https://api.botframework.com/.default');
  });

  it('logs no token and no secret', async () => {
    const token = await sign();
    await postActivity(bot.url, mention(), { authorization: `Bearer ${token}` });
    const logged = bot.logger.lines.join('\n');
    for (const secret of [APP_PASSWORD, token, STAND_IN_TOKEN]) expect(logged).not.toContain(secret);
  });
});
