import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

// Microsoft's side of the wire for the Teams adapter, on 127.0.0.1: what the Bot Framework signs its
// requests with (OpenID metadata and keys), where the bot gets its own token (an App Service managed
// identity endpoint), and the connector the bot posts its replies to. Slack's side is the tests'
// SlackStandIn (test/slack/support/web-api-stand-in.ts).

/** The Bot Framework's issuer as the bot is told it (ToBotFromChannelTokenIssuer). */
export const TOKEN_ISSUER = 'https://api.botframework.load';
const KEY_ID = 'load-key-1';

/** One post the bot made to the connector. */
export interface ConnectorPost {
  /** The activity being replied to (POST …/activities/{replyToId}); undefined for a new message. */
  replyToId: string | undefined;
  /** performance.now() when the whole request had arrived. */
  at: number;
  /** Whether it carried the token the identity endpoint handed out. */
  authorised: boolean;
  body: Record<string, unknown>;
}

export interface BotFramework {
  /** The serviceUrl activities carry (the connector, with a region path like Teams' own). */
  serviceUrl: string;
  /** The server's environment: app id, identity endpoint and Bot Framework endpoints. */
  env: Record<string, string>;
  /** A token as the Bot Framework would put in Authorization, for this app and serviceUrl. */
  token(): Promise<string>;
  /** Called as each reply arrives. */
  onPost: ((post: ConnectorPost) => void) | undefined;
  /** How long the OpenID metadata takes to answer (default 0): a slow Microsoft. */
  keyDelayMs: number;
  /** How many times the OpenID metadata document was asked for. */
  keyFetches: number;
  stop(): Promise<void>;
}

/**
 * The bot runs as a user-assigned managed identity (MicrosoftAppType=UserAssignedMSI): inbound tokens are
 * checked against the keys published here; outbound, botbuilder asks the App Service identity endpoint
 * (IDENTITY_ENDPOINT, IDENTITY_HEADER) for a token, as on Azure. (A password bot cannot be pointed at a
 * local token endpoint through settings alone: MSAL first asks login.microsoftonline.com to vouch for any
 * authority it does not know, which fails offline. See test/teams/auth.test.ts.)
 */
export async function startBotFramework(): Promise<BotFramework> {
  const appId = '00000000-0000-0000-0000-00000000b0ad';
  const identityHeader = randomBytes(16).toString('hex');
  const accessToken = randomBytes(24).toString('base64url');
  const keys = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: KEY_ID, use: 'sig', alg: 'RS256' };
  // The servers read the stand-in's settings and counters as each request comes, after it is built.
  const stand = () => bf;
  const identity = await startIdentityEndpoint({ appId, identityHeader, accessToken, publicJwk }, stand);
  const connector = await startConnector(accessToken, stand);
  const { serviceUrl } = connector;

  const bf: BotFramework = {
    serviceUrl,
    env: {
      MicrosoftAppId: appId,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-00000000a0ad',
      IDENTITY_ENDPOINT: `${identity.base}/msi/token`,
      IDENTITY_HEADER: identityHeader,
      ToBotFromChannelOpenIdMetadataUrl: `${identity.base}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: TOKEN_ISSUER,
    },
    token: () =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(appId)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(keys.privateKey),
    onPost: undefined,
    keyDelayMs: 0,
    keyFetches: 0,
    stop: async () => {
      await Promise.all([close(identity.server), close(connector.server)]);
    },
  };
  return bf;
}

interface IdentitySecrets {
  appId: string;
  /** What App Service puts in IDENTITY_HEADER; the token endpoint answers only requests carrying it. */
  identityHeader: string;
  /** The token the bot is handed for its outbound calls. */
  accessToken: string;
  publicJwk: Record<string, unknown>;
}

/** The OpenID metadata and signing keys inbound tokens are checked against, and the managed identity's token endpoint. */
async function startIdentityEndpoint(
  secrets: IdentitySecrets,
  stand: () => BotFramework,
): Promise<{ server: Server; base: string }> {
  let base = '';
  const server = createServer(async (request, response) => {
    request.resume();
    const path = new URL(request.url ?? '/', base).pathname;
    response.setHeader('content-type', 'application/json');
    if (path === '/v1/.well-known/openidconfiguration') {
      const bf = stand();
      bf.keyFetches++;
      if (bf.keyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, bf.keyDelayMs));
      response.end(JSON.stringify({ issuer: TOKEN_ISSUER, jwks_uri: `${base}/v1/keys` }));
    } else if (path === '/v1/keys') {
      // Bot Framework keys list the channels they are endorsed for; botbuilder checks that.
      response.end(JSON.stringify({ keys: [{ ...secrets.publicJwk, endorsements: ['msteams'] }] }));
    } else if (path === '/msi/token' && request.headers['x-identity-header'] === secrets.identityHeader) {
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      response.end(
        JSON.stringify({
          access_token: secrets.accessToken,
          expires_on: String(expiresOn),
          token_type: 'Bearer',
          client_id: secrets.appId,
        }),
      );
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  base = await listen(server);
  return { server, base };
}

/** The connector the bot posts its replies to: each post is handed to the stand-in's onPost. */
async function startConnector(
  accessToken: string,
  stand: () => BotFramework,
): Promise<{ server: Server; serviceUrl: string }> {
  const server = createServer(async (request, response) => {
    const text = await readText(request);
    // POST /amer/v3/conversations/{conversationId}/activities[/{replyToId}]
    const segments = (request.url ?? '').split('?')[0]?.split('/') ?? [];
    const activities = segments.indexOf('activities');
    const replyTo = activities >= 0 ? segments[activities + 1] : undefined;
    stand().onPost?.({
      replyToId: replyTo ? decodeURIComponent(replyTo) : undefined,
      at: performance.now(),
      authorised: request.headers.authorization === `Bearer ${accessToken}`,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: `reply-${randomBytes(6).toString('hex')}` }));
  });
  return { server, serviceUrl: `${await listen(server)}/amer/` };
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
