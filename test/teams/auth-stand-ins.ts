import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { readTeamsConfig, type TeamsConfig } from '../../adapters/teams/config.js';
import type { TeamsEndpointOptions } from '../../adapters/teams/endpoint.js';
import { makeTempDir } from '../helpers.js';
import { listen } from './helpers.js';

// The Bot Framework's side of authentication, on 127.0.0.1: the OpenID metadata and keys that inbound
// tokens are checked against, and an Entra ID token endpoint (over TLS, as MSAL insists) that hands the
// bot its outbound token. With these, a bot with a real app id and password runs with nothing leaving
// the machine.

export const APP_ID = '00000000-0000-0000-0000-00000000b006'; // the fixtures' bot (28:…b006)
export const TENANT_ID = '00000000-0000-0000-0000-00000000a005';
export const APP_PASSWORD = 'test-client-secret';
/** The access token the token endpoint stand-in gives the bot for its replies. */
export const STAND_IN_TOKEN = 'stand-in-access-token';
export const ISSUER = 'https://api.botframework.test';
const KID = 'test-key-1';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TokenOptions {
  /** Default: the key the metadata publishes. */
  key?: SigningKey;
  /** Default: the bot's app id. */
  audience?: string;
  /** Default: the issuer the bot is configured to trust. */
  issuer?: string;
  /** jose's expiry: a duration such as '5m', or a time in seconds. Default '5m'. */
  expiresIn?: string | number;
}

export interface BotFrameworkAuth {
  /** The settings as an operator would give them, read by the real config reader. */
  config: TeamsConfig;
  /** Outbound tokens from the local token endpoint (pass to createTeamsEndpoint / startBot). */
  credentialsFactory: NonNullable<TeamsEndpointOptions['credentialsFactory']>;
  /** A key the metadata does not publish, for forged tokens. */
  strangerKey: SigningKey;
  /** Every token request the bot made, as form fields. */
  tokenRequests: URLSearchParams[];
  /** Set `silent` to have the token endpoint take requests and never answer them. */
  tokenEndpoint: { silent: boolean };
  /** A Bot Framework token for a request to the bot, with the serviceurl claim and `claims` added. */
  sign(serviceUrl: string, claims?: Record<string, unknown>, options?: TokenOptions): Promise<string>;
}

export async function startBotFrameworkAuth(extraSettings: Record<string, string> = {}): Promise<BotFrameworkAuth> {
  const keys = await generateKeyPair('RS256');
  const strangerKey = (await generateKeyPair('RS256')).privateKey;
  const openIdBase = await startOpenIdServer(await exportJWK(keys.publicKey));
  const tokenRequests: URLSearchParams[] = [];
  const tokenEndpoint = { silent: false };
  const token = await startTokenServer(tokenRequests, tokenEndpoint);

  const config = readTeamsConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_PASSWORD,
    MicrosoftAppTenantId: TENANT_ID,
    ToBotFromChannelOpenIdMetadataUrl: `${openIdBase}/v1/.well-known/openidconfiguration`,
    ToBotFromChannelTokenIssuer: ISSUER,
    ...extraSettings,
  }) as TeamsConfig;

  // Outbound: a real MSAL client pointed at the local token endpoint, given to botbuilder through
  // ConfigurationBotFrameworkAuthentication's credentials-factory argument. The ToChannelFromBotLoginUrl
  // setting alone cannot do this offline: botbuilder then builds the MSAL client itself, without
  // knownAuthorities, and MSAL first asks https://login.microsoftonline.com/common/discovery/instance
  // to vouch for the authority (offline: endpoints_resolution_error before the stand-in is called).
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: APP_ID,
      clientSecret: APP_PASSWORD,
      authority: token.authority,
      knownAuthorities: [new URL(token.authority).host],
    },
    system: { customAgentOptions: { ca: token.ca } },
  });
  // botbuilder is typed against msal-node's CommonJS declarations, this file imports the ES module.
  type MsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];
  const credentialsFactory = new MsalServiceClientCredentialsFactory(APP_ID, msal as unknown as MsalClient);

  const sign: BotFrameworkAuth['sign'] = (serviceUrl, claims = {}, options = {}) =>
    new SignJWT({ serviceurl: serviceUrl, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? APP_ID)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
      .setNotBefore(Math.floor(Date.now() / 1000) - 60)
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? keys.privateKey);

  return { config, credentialsFactory, strangerKey, tokenRequests, tokenEndpoint, sign };
}

async function startOpenIdServer(publicJwk: JWK): Promise<string> {
  let base = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
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
async function startTokenServer(
  tokenRequests: URLSearchParams[],
  control: { silent: boolean },
): Promise<{ authority: string; ca: string }> {
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
      if (control.silent) return;
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
