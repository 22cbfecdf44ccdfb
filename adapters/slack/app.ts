import { App, ExpressReceiver, type Logger, type LogLevel } from '@slack/bolt';
import { Router } from 'express';
import type { Core, DeliveryLog, FeedbackStore } from '../../src/index.js';
import { ConfigError } from '../config-error.js';
import { createLogger } from '../log.js';
import { RateLimiter } from '../rate-limit.js';
import type { SlackConfig } from './config.js';
import { registerListeners } from './listeners/index.js';
import { dropRepeatedDeliveries, InFlight } from './middleware.js';
import { createPoster, describeSlackError, platformErrorOf } from './post.js';
import { refuseUntimelyRequests } from './request-time.js';
import { CALL_RETRIES, CALL_TIMEOUT_MS, fetchWithin, RESPOND_TIMEOUT_MS } from './timeouts.js';

export interface SlackAppOptions {
  core: Core;
  config: SlackConfig;
  /** Where Helpful / Not helpful clicks are counted. */
  feedback: FeedbackStore;
  /** Remembers the deliveries already handled (event_id, trigger_id), so each gets one reply. */
  deliveries: DeliveryLog;
  /** Default: one line per entry on standard error, at config.logLevel. */
  logger?: Logger;
  /** Default: 10 questions a minute per person. */
  rateLimiter?: RateLimiter;
}

export interface SlackApp {
  app: App;
  /** HTTP mode: the receiver whose routes (POST /slack/events) the HTTP server serves. */
  receiver?: ExpressReceiver;
  logger: Logger;
  /** Resolves when every request received so far has been handled (for shutdown, and for tests). */
  idle(): Promise<void>;
  /** Requests being handled now, their answer's work included (Slack's are acknowledged before it). */
  busy(): number;
}

/** Builds the Bolt app and registers the listeners. Nothing is contacted until startSlackApp. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { core, config, feedback } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const logLevel = config.logLevel as LogLevel;
  const slackApiUrl = config.apiUrl;
  const receiver = config.mode === 'http' ? httpReceiver(config.signingSecret as string, logger, logLevel) : undefined;
  const app = new App({
    token: config.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken as string }),
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      // Posting goes through post.ts, without retries; these are for everything else.
      retryConfig: CALL_RETRIES,
      timeout: CALL_TIMEOUT_MS,
      // Bolt's respond() (replies through a response_url) uses this fetch, and has no limit of its own.
      fetch: fetchWithin(RESPOND_TIMEOUT_MS),
    },
    logger,
    logLevel,
    // auth.test is called by startSlackApp, so that a rejected token stops start-up with a clear message.
    deferInitialization: true,
  });

  const inFlight = new InFlight();
  app.use(inFlight.middleware);
  app.use(dropRepeatedDeliveries(options.deliveries));
  registerListeners(app, {
    core,
    feedback,
    poster: createPoster({ token: config.botToken, ...(slackApiUrl ? { slackApiUrl } : {}), logger }),
    rateLimiter: options.rateLimiter ?? new RateLimiter(),
    deliveries: options.deliveries,
  });
  app.error(async (error) => {
    logger.error(`Unhandled error: ${describeSlackError(error.original ?? error)}`);
  });
  return { app, ...(receiver ? { receiver } : {}), logger, idle: () => inFlight.idle(), busy: () => inFlight.handling };
}

/** Slack's requests come to POST /slack/events (the manifests' request URL). */
const EVENTS_PATH = '/slack/events';

/**
 * Bolt's receiver, with the request's timestamp checked first: the receiver adds its own handlers
 * (signature, then the listeners) to the router after those already there.
 */
function httpReceiver(signingSecret: string, logger: Logger, logLevel: LogLevel): ExpressReceiver {
  const router = Router();
  router.post(EVENTS_PATH, refuseUntimelyRequests(logger));
  return new ExpressReceiver({ signingSecret, logger, logLevel, router, endpoints: EVENTS_PATH });
}

/**
 * Checks the bot token with Slack (auth.test) and, in Socket Mode, opens the connection. A token Slack
 * rejects becomes a ConfigError naming the variable.
 */
export async function startSlackApp({ app, receiver }: SlackApp): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    throw rejected('SLACK_BOT_TOKEN', error);
  }
  if (receiver) return;
  try {
    await app.start();
  } catch (error) {
    throw rejected('SLACK_APP_TOKEN', error);
  }
}

function rejected(variable: string, error: unknown): Error {
  const said = platformErrorOf(error);
  if (!said) return new Error(`Could not reach Slack to check ${variable}: ${describeSlackError(error)}`);
  return new ConfigError(
    variable,
    `Slack rejected ${variable} (${said}). Copy it again from your app's settings at https://api.slack.com/apps, and reinstall the app if its scopes changed.`,
  );
}
