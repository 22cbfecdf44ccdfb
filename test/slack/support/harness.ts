import { BUNDLED_KNOWLEDGE } from '../../../adapters/config.js';
import { createLogger } from '../../../adapters/log.js';
import type { RateLimiter } from '../../../adapters/rate-limit.js';
import { type RunningServer, startHttpServer } from '../../../adapters/server.js';
import { createSlackApp, type SlackApp, startSlackApp } from '../../../adapters/slack/app.js';
import type { SlackConfig } from '../../../adapters/slack/config.js';
import { type Core, createCore, type Store } from '../../../src/index.js';
import { openTempStore } from '../../helpers.js';
import { commandBody, interactionBody, postSigned, type SignedRequestOptions } from './signing.js';
import { SlackStandIn } from './web-api-stand-in.js';

export const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
export const BOT_TOKEN = 'xoxb-0000-test-token';

let sharedCore: Core | undefined;

/** The core over the bundled knowledge, built once per test file. */
export function testCore(): Core {
  sharedCore ??= createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
  return sharedCore;
}

/**
 * The real Slack adapter as `npm start` runs it in HTTP mode (Bolt app, ExpressReceiver, the shared
 * HTTP server), on 127.0.0.1 and a free port, talking to a local stand-in for Slack's Web API.
 */
export class TestSlack {
  readonly standIn = new SlackStandIn();
  /** A real SQLite store (by default in a temp folder): feedback and delivery ids. */
  readonly store: Store;
  get feedback() {
    return this.store.feedback;
  }
  /** Every line the app logged. */
  readonly logs: string[] = [];
  slack!: SlackApp;
  server!: RunningServer;

  constructor(
    private readonly options: {
      rateLimiter?: RateLimiter;
      config?: Partial<SlackConfig>;
      core?: Core;
      store?: Store;
      /** Served at GET /readyz, as npm start serves the store's. */
      readiness?: () => Promise<string | undefined>;
    } = {},
  ) {
    this.store = options.store ?? openTempStore();
  }

  /** The core the app answers from: `options.core`, or else the one over the bundled knowledge. */
  get core(): Core {
    return this.options.core ?? testCore();
  }

  get eventsUrl(): string {
    return `${this.server.url}/slack/events`;
  }

  async start(): Promise<this> {
    await this.standIn.start();
    const config: SlackConfig = {
      mode: 'http',
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: this.standIn.apiUrl,
      port: 0,
      logLevel: 'info',
      ...this.options.config,
    };
    this.slack = createSlackApp({
      core: this.core,
      config,
      feedback: this.store.feedback,
      deliveries: this.store.deliveries,
      logger: createLogger('info', { write: (line) => this.logs.push(line) }),
      ...(this.options.rateLimiter ? { rateLimiter: this.options.rateLimiter } : {}),
    });
    await startSlackApp(this.slack);
    this.server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      ...(this.slack.receiver ? { slack: this.slack.receiver } : {}),
      // This process also runs the test and its stand-ins, whose work would read as the server's load.
      // Shedding has its own tests (test/hostile/load-shedding.test.ts) and is on in npm start.
      loadShedding: false,
      ...(this.options.readiness ? { readiness: this.options.readiness } : {}),
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.slack.idle();
    await this.server.stop();
    await this.standIn.stop();
  }

  /** Forgets the calls so far (and any queued failures). */
  reset(): void {
    this.standIn.reset();
  }

  /** Waits until every request sent so far has been handled, replies included. */
  settle(): Promise<void> {
    return this.slack.idle();
  }

  sendEvent(body: unknown, options: Partial<SignedRequestOptions> = {}): Promise<Response> {
    return postSigned(this.eventsUrl, JSON.stringify(body), 'application/json', { secret: SIGNING_SECRET, ...options });
  }

  sendCommand(fields: Record<string, string>, options: Partial<SignedRequestOptions> = {}): Promise<Response> {
    return postSigned(this.eventsUrl, commandBody(fields), 'application/x-www-form-urlencoded', {
      secret: SIGNING_SECRET,
      ...options,
    });
  }

  sendInteraction(payload: unknown, options: Partial<SignedRequestOptions> = {}): Promise<Response> {
    return postSigned(this.eventsUrl, interactionBody(payload), 'application/x-www-form-urlencoded', {
      secret: SIGNING_SECRET,
      ...options,
    });
  }

  /** Sends an event and waits until its reply (if any) has been posted. */
  async deliver(body: unknown, options: Partial<SignedRequestOptions> = {}): Promise<Response> {
    const response = await this.sendEvent(body, options);
    await this.settle();
    return response;
  }
}
