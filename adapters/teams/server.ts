import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ActivityTypes,
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError } from 'botframework-connector';
import {
  APOLOGY,
  type ConversationStore,
  type Core,
  type DeliveryLog,
  type FeedbackStore,
  type Logger,
} from '../../src/index.js';
import { isObject } from '../is-object.js';
import { createLogger } from '../log.js';
import { RateLimiter } from '../rate-limit.js';
import { BodyRefused, MAX_BODY_BYTES, readBody } from '../request-body.js';
import { GuidanceBot } from './bot.js';
import { PUBLIC_CLOUD, type TeamsConfig, toBotFrameworkSettings } from './config.js';
import { readConnectorError } from './connector-errors.js';
import { withConnectorTimeout } from './connector-timeout.js';
import { conversationKey } from './conversations.js';
import { ReusedCredentialsFactory } from './credentials.js';
import { type Refusal, replyAddressProblem, VerificationGate } from './inbound-guard.js';
import { retryingSends, withoutConnectorRetries } from './retrying-sends.js';
import { installSigningKeys, type SigningKeys } from './signing-keys.js';

/** Running anonymously (local development), a tenant may add this many conversations for the weekly post. */
export const ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT = 100;

type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

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

/** A request as Node's http server or express gives it; `body` is used if a parser already read it. */
export type TeamsRequest = IncomingMessage & { body?: unknown };

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
  const { core, config } = options;
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

  const bot = new GuidanceBot({
    core,
    conversations: options.conversations,
    feedback: options.feedback,
    deliveries: options.deliveries,
    rateLimiter: options.rateLimiter ?? new RateLimiter(),
    ...(options.searchCore ? { searchCore: options.searchCore } : {}),
    allowedTenants: config.allowedTenants,
    logger,
    ...(config.anonymous ? { maxConversationsPerTenant: ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT } : {}),
  });

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

  const admitted = new WeakSet<IncomingMessage>();
  const admit = (req: IncomingMessage, res: ServerResponse): Refusal | undefined => {
    const refusal = gate.admit(req, res, config.anonymous);
    if (!refusal) admitted.add(req);
    return refusal;
  };

  const handler = async (req: TeamsRequest, res: ServerResponse): Promise<void> => {
    // Mounted without the HTTP server's guard (which admits before reading the body): admit here.
    if (!admitted.has(req)) {
      const refusal = admit(req, res);
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers });
        res.end(refusal.message);
        return;
      }
    }
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
      return;
    }
    if (req.method === 'POST' && !isActivity(body)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Request body is not a Bot Framework activity');
      return;
    }
    const addressProblem = replyAddressProblem(body as Record<string, unknown>);
    if (addressProblem) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(addressProblem);
      return;
    }
    try {
      await gate.run(req, () =>
        adapter.process(
          { method: req.method ?? 'GET', headers: req.headers, body: body as Record<string, unknown> },
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
      logger.error(`could not process a request: ${describe(error)}`);
      if (!res.headersSent) res.writeHead(500);
      if (!res.writableEnded) res.end();
    }
  };

  return { admit, handler, adapter, bot, signingKeys };
}

/** jsonwebtoken's errors for a token that is malformed, badly signed, expired or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder's authentication, except that a token with a bad signature is refused with 401 like
 * every other bad token: botbuilder lets jsonwebtoken's error through, which CloudAdapter answers
 * with 500.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string>,
    credentials: CredentialsFactory,
    private readonly gate: VerificationGate,
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(
    activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name) && !(error instanceof AuthenticationError)) {
        throw new AuthenticationError(`Unauthorized. ${error.message}`, 401);
      }
      throw error;
    } finally {
      this.gate.verified();
    }
  }
}

/** Log what failed (never the question, never a secret), then apologise where that makes sense. */
async function turnFailed(
  context: TurnContext,
  error: Error,
  logger: Logger,
  conversations: ConversationStore,
): Promise<void> {
  const activity = context.activity;
  const userText = [activity.text, ...stringsIn(activity.value)];
  logger.error(
    `turn failed (${activity.type}${activity.name ? ` ${activity.name}` : ''}): ${describe(error, userText)}`,
  );
  const { failure, status } = readConnectorError(error);
  const conversationId = activity.conversation?.id;
  if (failure === 'gone' && conversationId) {
    // Removed or blocked: an apology would fail the same way, and the weekly post should stop too.
    await conversations.deactivate('teams', conversationKey(conversationId), `HTTP ${status}`).catch(() => {});
    logger.warn(`the conversation answered HTTP ${status}: marked inactive, no longer posted to`);
    return;
  }
  try {
    if (activity.type === ActivityTypes.Invoke) {
      // An invoke (search, message action) wants an HTTP answer, not a message in the chat.
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500 } });
    } else {
      await context.sendActivity({ type: ActivityTypes.Message, text: APOLOGY, textFormat: 'plain' });
    }
  } catch (apologyError) {
    logger.error(`could not send the apology either: ${describe(apologyError, userText)}`);
  }
}

/** An error's kind, HTTP status and first line, with any of the user's text cut out. */
function describe(error: unknown, userText: Array<string | undefined> = []): string {
  if (!(error instanceof Error)) return 'a non-Error value was thrown';
  const status = (error as { statusCode?: unknown }).statusCode;
  let message = error.message.split('\n')[0] ?? '';
  for (const text of userText) {
    const trimmed = text?.trim();
    if (trimmed && trimmed.length >= 3) message = message.split(trimmed).join('[message text]');
  }
  return `${error.name}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${message.slice(0, 300)}`;
}

/** Every string inside an invoke's value (search words, message text, form fields). */
function stringsIn(value: unknown, depth = 0): string[] {
  // Invoke values are a few levels deep; a hostile one may be thousands, which must not blow the stack here.
  if (depth > 32) return [];
  if (typeof value === 'string') return [value];
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return children.flatMap((child) => stringsIn(child, depth + 1));
}

function isActivity(body: unknown): boolean {
  return isObject(body) && typeof body.type === 'string';
}

/** The body as JSON: as a parser already read it, or read here (readBody, within the Teams limit). */
async function readJsonBody(req: TeamsRequest): Promise<unknown> {
  // express.json() may have parsed it already (an array, too, which is then refused as no activity).
  if (Array.isArray(req.body) || (isObject(req.body) && !Buffer.isBuffer(req.body))) return req.body;
  let bytes: Buffer;
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') {
    bytes = Buffer.from(req.body);
    if (bytes.length > MAX_BODY_BYTES.teams) throw new BodyRefused(413, 'Request body too large');
  } else {
    bytes = await readBody(req, MAX_BODY_BYTES.teams);
  }
  const text = bytes.toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

/** The small response interface CloudAdapter writes to, over Node's own (which express extends). */
function nodeResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: unknown) {
      status = Number(code);
    },
    header(name: unknown, value: unknown) {
      res.setHeader(String(name), value as string);
    },
    send(value: unknown) {
      body = value;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined) {
        res.writeHead(status);
        res.end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      }
    },
  };
}
