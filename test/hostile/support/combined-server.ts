import type { LoadSheddingOptions } from '../../../adapters/load-shedding.js';
import { createLogger } from '../../../adapters/log.js';
import { RateLimiter } from '../../../adapters/rate-limit.js';
import { type RunningServer, startHttpServer } from '../../../adapters/server.js';
import { createSlackApp, type SlackApp, startSlackApp } from '../../../adapters/slack/app.js';
import type { SlackConfig } from '../../../adapters/slack/config.js';
import type { TeamsConfig } from '../../../adapters/teams/config.js';
import {
  createTeamsEndpoint,
  type TeamsEndpoint,
  type TeamsEndpointOptions,
} from '../../../adapters/teams/endpoint.js';
import { openTempStore } from '../../helpers.js';
import { BOT_TOKEN, SIGNING_SECRET, testCore } from '../../slack/support/harness.js';
import { commandBody, postSigned, type SignedRequestOptions } from '../../slack/support/signing.js';
import { SlackStandIn } from '../../slack/support/web-api-stand-in.js';
import { ANONYMOUS, type ConnectorStandIn, startConnector } from '../../teams/helpers.js';

export interface CombinedServerOptions {
  /** Default: anonymous (no Bot Framework tokens). */
  teams?: TeamsConfig;
  credentialsFactory?: TeamsEndpointOptions['credentialsFactory'];
  /** Default: info, as `npm start` runs. */
  logLevel?: SlackConfig['logLevel'];
  /** Default: off (see below); `npm start` has it on, with Slack's work counted. */
  loadShedding?: LoadSheddingOptions;
}

/**
 * The server as `npm start` runs it with both platforms configured (adapters/main.ts): one core, one
 * feedback store, one logger, Bolt's receiver and the Teams endpoint on one HTTP server (127.0.0.1,
 * a free port), talking to local stand-ins for Slack's Web API and the Teams connector.
 */
export class CombinedServer {
  readonly slackApi = new SlackStandIn();
  connector!: ConnectorStandIn;
  /** Every line the shared logger wrote, as written (each should end in its one newline). */
  readonly logs: string[] = [];
  slack!: SlackApp;
  teams!: TeamsEndpoint;
  server!: RunningServer;

  constructor(private readonly options: CombinedServerOptions = {}) {}

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.slackApi.start();
    this.connector = await startConnector();
    const logLevel = this.options.logLevel ?? 'info';
    const logger = createLogger(logLevel, { write: (line) => this.logs.push(line) });
    const core = testCore();
    // One real SQLite store for both platforms, as main.ts opens.
    const { feedback, deliveries, conversations } = openTempStore();
    // Hostile tests send many questions from one user: the limit is tested elsewhere.
    const rateLimiter = new RateLimiter({ limit: 10_000 });
    this.slack = createSlackApp({
      core,
      feedback,
      deliveries,
      logger,
      rateLimiter,
      config: {
        mode: 'http',
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        apiUrl: this.slackApi.apiUrl,
        port: 0,
        logLevel,
      },
    });
    this.teams = createTeamsEndpoint({
      core,
      feedback,
      conversations,
      deliveries,
      rateLimiter,
      logger,
      config: this.options.teams ?? ANONYMOUS,
      ...(this.options.credentialsFactory ? { credentialsFactory: this.options.credentialsFactory } : {}),
    });
    await startSlackApp(this.slack);
    this.server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      ...(this.slack.receiver ? { slack: this.slack.receiver } : {}),
      teams: this.teams,
      // This process also runs the test and its stand-ins, whose work would read as the server's load:
      // off unless a test is about it.
      loadShedding: this.options.loadShedding ? { busy: () => this.slack.busy(), ...this.options.loadShedding } : false,
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.slack.idle();
    await this.server.stop();
    await this.slackApi.stop();
  }

  reset(): void {
    this.slackApi.reset();
    this.connector.reset();
  }

  /** Calls to either stand-in other than the Slack app's start-up check (auth.test). */
  outbound(): unknown[] {
    return [...this.slackApi.calls.filter((call) => call.method !== 'auth.test'), ...this.connector.calls];
  }

  async healthy(): Promise<boolean> {
    const response = await fetch(`${this.url}/healthz`);
    return response.status === 200 && ((await response.json()) as { status?: string }).status === 'ok';
  }

  /** Waits until the Slack app has handled every request so far, replies included. */
  settle(): Promise<void> {
    return this.slack.idle();
  }

  sendSlackEvent(body: unknown, options: Partial<SignedRequestOptions> = {}): Promise<Response> {
    return postSigned(`${this.url}/slack/events`, JSON.stringify(body), 'application/json', {
      secret: SIGNING_SECRET,
      ...options,
    });
  }

  sendSlackCommand(fields: Record<string, string>): Promise<Response> {
    return postSigned(`${this.url}/slack/events`, commandBody(fields), 'application/x-www-form-urlencoded', {
      secret: SIGNING_SECRET,
    });
  }
}
