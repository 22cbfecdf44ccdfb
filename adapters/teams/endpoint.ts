import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { ConversationStore, Core, DeliveryLog, FeedbackStore, Logger } from '../../src/index.js';
import { createLogger } from '../log.js';
import { RateLimiter } from '../rate-limit.js';
import { BodyRefused } from '../request-body.js';
import { type CredentialsFactory, StrictAuthentication } from './authentication.js';
import { GuidanceBot } from './bot.js';
import { PUBLIC_CLOUD, type TeamsConfig, toBotFrameworkSettings } from './config.js';
import { withConnectorTimeout } from './connector-timeout.js';
import { ReusedCredentialsFactory } from './credentials.js';
import { type Refusal, replyAddressProblem, VerificationGate } from './inbound-guard.js';
import { isActivity, nodeResponse, readJsonBody, type TeamsRequest } from './node-http.js';
import { retryingSends, withoutConnectorRetries } from './retrying-sends.js';
import { installSigningKeys, type SigningKeys } from './signing-keys.js';
import { redactedErrorLine, turnFailed } from './turn-failure.js';

export type { TeamsRequest } from './node-http.js';

/** Running anonymously (local development), a tenant may add this many conversations for the weekly post. */
export const ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT = 100;

export interface TeamsEndpointOptions {
  core: Core;
  /** Answers the search extension (queries come as the person types). Default `core`. */
  searchCore?: Core;
  config: TeamsConfig;
  /** Where feedback clicks go (passage id and verdict). */
  feedback: FeedbackStore;
  /** Where the conversations the bot was added to are remembered, for the principle of the week. */
  conversations: ConversationStore;
  /** Activities already handled, shared with Slack's: one reply per activity, one vote per person and answer. */
  deliveries: DeliveryLog;
  /** Questions per person per minute, shared with Slack's. Default: a limiter of its own. */
  rateLimiter?: RateLimiter;
  /** Default: the process's log (adapters/log.ts) at info level. */
  logger?: Logger;
  /**
   * How the bot gets its outbound tokens: botbuilder's ServiceClientCredentialsFactory, the second
   * argument of ConfigurationBotFrameworkAuthentication. Default: built by botbuilder from `config`.
   * For set-ups the settings cannot express, such as an MSAL client with its own options.
   */
  credentialsFactory?: CredentialsFactory;
}

export interface TeamsEndpoint {
  /**
   * Run before the body is read: a refusal (401 without a Bearer token that can be a Bot Framework
   * token, 503 while too many requests wait for their token check), or undefined to go on.
   */
  admit: (req: IncomingMessage, res: ServerResponse) => Refusal | undefined;
  /** Mount at POST /api/messages. Works with node:http and express (with or without express.json()). */
  handler: (req: TeamsRequest, res: ServerResponse) => Promise<void>;
  /** The keys inbound tokens are checked against (none when anonymous); fetching starts at once. */
  signingKeys: SigningKeys | undefined;
  adapter: CloudAdapter;
  bot: GuidanceBot;
}

/**
 * The Teams messaging endpoint: botbuilder's CloudAdapter (which checks the Bot Framework token on
 * every request unless the bot runs anonymously) in front of the GuidanceBot.
 */
export function createTeamsEndpoint(options: TeamsEndpointOptions): TeamsEndpoint {
  const { config } = options;
  const logger = options.logger ?? createLogger('info');
  const settings = toBotFrameworkSettings(config);
  const credentials = options.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(settings);
  const gate = new VerificationGate();
  const auth = new StrictAuthentication(settings, new ReusedCredentialsFactory(credentials), gate);
  // Fetched now rather than by the first request, and shared (see signing-keys.ts).
  const signingKeys = config.anonymous
    ? undefined
    : installSigningKeys([config.endpoints.openIdMetadataUrl ?? PUBLIC_CLOUD.openIdMetadataUrl], { logger })[0];
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (context, error) => turnFailed(context, error, logger, options.conversations);
  const bot = createBot(options, logger);
  logTeamsSettings(config, logger);

  const admitted = new WeakSet<IncomingMessage>();
  const admit = (req: IncomingMessage, res: ServerResponse): Refusal | undefined => {
    const refusal = gate.admit(req, res, config.anonymous);
    if (!refusal) admitted.add(req);
    return refusal;
  };
  const handler = async (req: TeamsRequest, res: ServerResponse): Promise<void> => {
    // Mounted without the HTTP server's guard (which admits before reading the body): admit here.
    if (!admitted.has(req) && refuseUnadmitted(admit(req, res), res)) return;
    const activity = await readActivity(req, res);
    if (activity === undefined) return;
    try {
      await gate.run(req, () =>
        adapter.process(
          { method: req.method ?? 'GET', headers: req.headers, body: activity },
          nodeResponse(res),
          (context) => {
            withoutConnectorRetries(context, adapter);
            withConnectorTimeout(context, adapter);
            context.onSendActivities(retryingSends());
            return bot.run(context);
          },
        ),
      );
    } catch (error) {
      logger.error(`could not process a request: ${redactedErrorLine(error)}`);
      if (!res.headersSent) res.writeHead(500);
      if (!res.writableEnded) res.end();
    }
  };

  return { admit, handler, adapter, bot, signingKeys };
}

function createBot(options: TeamsEndpointOptions, logger: Logger): GuidanceBot {
  const { config } = options;
  return new GuidanceBot({
    core: options.core,
    conversations: options.conversations,
    feedback: options.feedback,
    deliveries: options.deliveries,
    rateLimiter: options.rateLimiter ?? new RateLimiter(),
    ...(options.searchCore ? { searchCore: options.searchCore } : {}),
    allowedTenants: config.allowedTenants,
    logger,
    ...(config.anonymous ? { maxConversationsPerTenant: ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT } : {}),
  });
}

/** Says at start-up how Teams is set up: anonymously (loudly), or as which app, and for which tenants. */
function logTeamsSettings(config: TeamsConfig, logger: Logger): void {
  if (config.anonymous) {
    logger.warn(
      'TEAMS_ALLOW_ANONYMOUS=true: /api/messages accepts requests from ANYONE, with no Bot Framework token, and ' +
        'replies without one. It is for your own machine only (for example with the Microsoft 365 Agents ' +
        `Playground): the server listens on 127.0.0.1, and a tenant may add at most ${ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT} conversations.`,
    );
  } else {
    const overridden = Object.keys(config.endpoints);
    logger.info(
      `Teams: app ${config.appId} (${config.appType}${config.tenantId ? `, tenant ${config.tenantId}` : ''})` +
        (overridden.length > 0 ? `, custom endpoints: ${overridden.join(', ')}` : ''),
    );
  }
  if (config.allowedTenants.length > 0) {
    logger.info(`Teams: answering only tenants ${config.allowedTenants.join(', ')}`);
  }
}

/** Answers a refusal, if there is one; true when the request was refused. */
function refuseUnadmitted(refusal: Refusal | undefined, res: ServerResponse): boolean {
  if (!refusal) return false;
  res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers });
  res.end(refusal.message);
  return true;
}

/**
 * The request's activity, or undefined once the request has been answered with what is wrong with it
 * (or, when the sender went away, its connection closed).
 */
async function readActivity(req: TeamsRequest, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    if (error instanceof BodyRefused && error.status === undefined) return void req.socket.destroy();
    const refused = error instanceof BodyRefused ? error : undefined;
    res.writeHead(refused?.status ?? 400, {
      'content-type': 'text/plain; charset=utf-8',
      ...(refused ? { ...refused.headers, connection: 'close' } : {}),
    });
    res.end(refused?.message ?? 'Request body is not JSON');
    return undefined;
  }
  if (req.method === 'POST' && !isActivity(body)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Request body is not a Bot Framework activity');
    return undefined;
  }
  const addressProblem = replyAddressProblem(body as Record<string, unknown>);
  if (addressProblem) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(addressProblem);
    return undefined;
  }
  return body as Record<string, unknown>;
}
