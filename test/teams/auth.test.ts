import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTeamsConfig, type TeamsConfig } from '../../adapters/teams/config.js';
import { makeTempDir } from '../helpers.js';
import {
  type ConnectorStandIn,
  fixture,
  listen,
  postActivity,
  type RunningBot,
  startBot,
  startConnector,
} from './helpers.js';

// With an app id set, every request must carry a Bot Framework token: signed by a key from the
// configured OpenID metadata, from the configured issuer, for this app, for this serviceUrl.
// Here the OpenID metadata and its keys come from a local server, and the bot's own outbound token
// comes from a local HTTPS token endpoint through MSAL: nothing leaves 127.0.0.1.

const APP_ID = '00000000-0000-0000-0000-00000000b006'; // the fixture's bot (28:…b006)
const TENANT_ID = '00000000-0000-0000-0000-00000000a005';
const SECRET = 'test-client-secret';
const STAND_IN_TOKEN = 'stand-in-access-token';
const KID = 'test-key-1';

let openIdBase: string;
let issuer: string;
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let signingKey: SigningKey;
let strangerKey: SigningKey;
let connector: ConnectorStandIn;
let bot: RunningBot;
const tokenRequests: URLSearchParams[] = [];

async function startOpenIdServer(publicJwk: JWK): Promise<string> {
  let base = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({ issuer, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }),
      );
    } else if (req.url === '/v1/keys') {
      // Bot Framework keys carry the channels they are endorsed for; botbuilder checks them.
      res.end(
        JSON.stringify({ keys: [{ ...publicJwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  base = await listen(server);
  return base;
}

/** An Entra ID token endpoint stand-in over TLS (MSAL accepts only https authorities). */
async function startTokenServer(): Promise<{ authority: string; ca: string }> {
  const dir = makeTempDir();
  // biome-ignore format: one flag and its value a line reads better
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  let base = '';
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url?.endsWith('/v2.0/.well-known/openid-configuration')) {
      res.end(
        JSON.stringify({
          issuer: `${base}/${TENANT_ID}/v2.0`,
          authorization_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${TENANT_ID}/discovery/v2.0/keys`,
        }),
      );
    } else if (req.method === 'POST' && req.url?.startsWith(`/${TENANT_ID}/oauth2/v2.0/token`)) {
      tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      res.end(
        JSON.stringify({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: STAND_IN_TOKEN }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  base = await listen(server);
  return { authority: `${base}/${TENANT_ID}`, ca: cert };
}

beforeAll(async () => {
  // botbuilder prints rejected tokens with console.error; the assertions below are on HTTP results.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const keys = await generateKeyPair('RS256');
  signingKey = keys.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  issuer = 'https://api.botframework.test';
  openIdBase = await startOpenIdServer(await exportJWK(keys.publicKey));
  const token = await startTokenServer();
  connector = await startConnector();

  // The settings as an operator would give them, read by the real config reader.
  const config = readTeamsConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: SECRET,
    MicrosoftAppTenantId: TENANT_ID,
    ToBotFromChannelOpenIdMetadataUrl: `${openIdBase}/v1/.well-known/openidconfiguration`,
    ToBotFromChannelTokenIssuer: issuer,
  }) as TeamsConfig;
  expect(config.anonymous).toBe(false);

  // Outbound: a real MSAL client pointed at the local token endpoint, given to botbuilder through
  // ConfigurationBotFrameworkAuthentication's credentials-factory argument. The ToChannelFromBotLoginUrl
  // setting alone cannot do this offline: botbuilder then builds the MSAL client itself, without
  // knownAuthorities, and MSAL first asks https://login.microsoftonline.com/common/discovery/instance
  // to vouch for the authority (offline: endpoints_resolution_error before the stand-in is called).
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: APP_ID,
      clientSecret: SECRET,
      authority: token.authority,
      knownAuthorities: [new URL(token.authority).host],
    },
    system: { customAgentOptions: { ca: token.ca } },
  });
  // botbuilder is typed against msal-node's CommonJS declarations, this file imports the ES module.
  type MsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];
  const credentialsFactory = new MsalServiceClientCredentialsFactory(APP_ID, msal as unknown as MsalClient);
  bot = await startBot(config, { credentialsFactory });
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

async function sign(
  claims: Record<string, unknown> = {},
  {
    key = signingKey,
    audience = APP_ID,
    expiresIn = '5m',
  }: { key?: SigningKey; audience?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({ serviceurl: connector.serviceUrl, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
    .setNotBefore(Math.floor(Date.now() / 1000) - 60)
    .setExpirationTime(expiresIn)
    .sign(key);
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
    const forged = await sign({}, { key: strangerKey });
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
    const saved = issuer;
    issuer = 'https://api.botframework.com';
    const wrongIssuer = await sign();
    issuer = saved;
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
    const request = tokenRequests.at(-1);
    expect(request?.get('grant_type')).toBe('client_credentials');
    expect(request?.get('client_id')).toBe(APP_ID);
    expect(request?.get('client_secret')).toBe(SECRET);
    expect(request?.get('scope')).toContain('https://api.botframework.com/.default');
  });

  it('logs no token and no secret', async () => {
    const token = await sign();
    await postActivity(bot.url, mention(), { authorization: `Bearer ${token}` });
    const logged = bot.logger.lines.join('\n');
    for (const secret of [SECRET, token, STAND_IN_TOKEN]) expect(logged).not.toContain(secret);
  });
});
