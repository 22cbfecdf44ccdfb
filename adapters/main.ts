import {
  type Core,
  countingQuestions,
  englishWords,
  postWeeklyRound,
  type RunningSchedule,
  type Store,
  startWeeklySchedule,
  type WeeklyPublisher,
} from '../src/index.js';
import { runTerminalChat } from './cli/chat.js';
import type { WeeklyConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { routeConsoleTo } from './console-to-log.js';
import type { AppLogger } from './log.js';
import { RateLimiter } from './rate-limit.js';
import { type RunningServer, startHttpServer } from './server.js';
import { createSlackApp, type SlackApp, startSlackApp } from './slack/app.js';
import { type StartedUp, startUp } from './start-up.js';
import { logStoreHealth } from './store-health.js';
import { createTeamsEndpoint, type TeamsEndpoint } from './teams/endpoint.js';
import { summaryLine } from './weekly.js';

/**
 * `npm start`: every setting is read (and any mistake reported) by startUp before anything starts; then
 * whichever chat platforms are configured are served, all on one HTTP server. With none configured it
 * opens a terminal chat.
 */
async function main(): Promise<void> {
  const started = startUp(process.env);
  const { settings, core } = started;
  // The word list that tells typos from real words is read on first need; a server reads it now,
  // so that no one's question waits the few hundred milliseconds it takes.
  englishWords();
  if (!settings.slack && !settings.teams) {
    process.stderr.write(
      'No chat platform is configured, so this is a terminal chat over the same answers.\n' +
        'To connect Slack or Microsoft Teams, copy .env.example to .env and fill it in (see README.md).\n\n',
    );
    await runTerminalChat(core);
    return;
  }
  await serve(started, started.openStore('write'));
}

/** How often expired delivery ids and question text past its retention are deleted. */
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** How long replies in progress get to finish after SIGTERM (service managers wait 10 to 30 s). */
const SHUTDOWN_GRACE_MS = 10_000;

async function serve({ settings, core, logger, weeklyPublishers }: StartedUp, store: Store): Promise<void> {
  const { port, host, slack: slackConfig, teams: teamsConfig } = settings;
  // One store and one log for both platforms, and for what the SDKs write to the console.
  routeConsoleTo(logger);
  const { feedback, deliveries, conversations } = store;
  logStoreHealth(store.writes, logger);
  // A write the database refused is logged once for the whole outage (logStoreHealth), not per question.
  const counted = (platform: 'slack' | 'teams') =>
    countingQuestions(core, store.usage, platform, (error) => {
      if (store.writes.failure === undefined) logger.error(`Counting a question failed: ${String(error)}`);
    });
  // One limit per person across both platforms' surfaces.
  const rateLimiter = new RateLimiter();
  const slack = slackConfig
    ? createSlackApp({ core: counted('slack'), config: slackConfig, feedback, deliveries, rateLimiter, logger })
    : undefined;
  const teams = teamsConfig
    ? createTeamsEndpoint({
        core: counted('teams'),
        // Search-as-you-type would count every keystroke's query: the search extension is not counted.
        searchCore: core,
        config: teamsConfig,
        feedback,
        conversations,
        deliveries,
        rateLimiter,
        logger,
      })
    : undefined;
  if (slack) await startSlackApp(slack);
  const server = await listen(port, host, slack, teams, () => store.writes.check());
  const purge = () => store.purge().catch((error) => logger.error(`Purging old records failed: ${String(error)}`));
  const purging = setInterval(purge, PURGE_EVERY_MS).unref();
  const weekly = startWeekly(core, store, settings.weekly, weeklyPublishers(store, teams?.adapter), logger);

  const shutdown = shutdownOnce({ server, slack, weekly, purging, store, logger });
  // Before announcing: a supervisor may signal as soon as it sees the server is up.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  announce(server, slack, teams, settings.logLevel === 'debug');
  await purge();
}

/**
 * What SIGINT and SIGTERM do: finish the replies in progress and the weekly post being sent, close
 * the store, and exit; within SHUTDOWN_GRACE_MS, or exit anyway.
 */
function shutdownOnce(running: {
  server: RunningServer;
  slack: SlackApp | undefined;
  weekly: RunningSchedule | undefined;
  purging: NodeJS.Timeout;
  store: Store;
  logger: AppLogger;
}): () => Promise<void> {
  const { server, slack, weekly, purging, store, logger } = running;
  let stopping = false;
  return async () => {
    // A second signal while stopping is ignored: a half-closed database helps nobody. The timer is the backstop.
    if (stopping) return;
    stopping = true;
    process.stderr.write('Shutting down: finishing the replies in progress\n');
    setTimeout(() => {
      process.stderr.write(`Shutdown took over ${SHUTDOWN_GRACE_MS / 1000} s; stopping now\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    clearInterval(purging);
    const stopServing = async () => {
      await server.stop();
      // In Socket Mode (no receiver) the app holds its own connection to Slack: close it.
      if (slack && !slack.receiver) await slack.app.stop();
      if (slack) await slack.idle();
    };
    // Before the store closes: a weekly post being sent finishes and is recorded (no retry is waited for).
    // allSettled: one step failing must not stop the store being closed.
    const stopped = await Promise.allSettled([weekly?.stop(), stopServing()]);
    for (const step of stopped) {
      if (step.status === 'rejected') logger.error(`While shutting down: ${String(step.reason)}`);
    }
    await store.close();
    process.exit(0);
  };
}

/** The principle-of-the-week schedule, unless WEEKLY_CRON=off or there is nowhere to post. */
function startWeekly(
  core: Core,
  store: Store,
  config: WeeklyConfig,
  publishers: WeeklyPublisher[],
  logger: AppLogger,
): RunningSchedule | undefined {
  if (!config.schedule) {
    logger.info('Principle of the week: not posted (WEEKLY_CRON=off)');
    return undefined;
  }
  if (publishers.length === 0) {
    logger.info('Principle of the week: nowhere to post (set WEEKLY_SLACK_CHANNELS, or add the bot to Teams)');
    return undefined;
  }
  const schedule = startWeeklySchedule(
    config.schedule,
    async (slot, signal) => {
      const summary = await postWeeklyRound({ core, store, publishers, at: slot, log: logger, signal });
      logger.info(summaryLine(summary));
    },
    (error) => logger.error(`Principle of the week: the round failed: ${String(error)}`),
  );
  logger.info(
    `Principle of the week: "${config.schedule.cron}" (${config.schedule.timeZone}); next ${schedule.next()?.toISOString() ?? 'never'}`,
  );
  return schedule;
}

function announce(
  server: RunningServer,
  slack: SlackApp | undefined,
  teams: TeamsEndpoint | undefined,
  debug: boolean,
) {
  if (slack && debug) {
    slack.logger.warn('LOG_LEVEL=debug: the Slack SDK logs the payloads it sends and receives, message text included');
  }
  const routes = [
    slack?.receiver ? 'POST /slack/events' : undefined,
    teams ? 'POST /api/messages' : undefined,
    'GET /healthz',
    'GET /readyz',
  ].filter(Boolean);
  const socket = slack && !slack.receiver ? '; Slack connected in Socket Mode' : '';
  const where = server.host ? ` on ${server.host}` : '';
  process.stderr.write(`guidance-bot: listening on port ${server.port}${where} (${routes.join(', ')})${socket}\n`);
}

async function listen(
  port: number,
  host: string | undefined,
  slack: SlackApp | undefined,
  teams: TeamsEndpoint | undefined,
  readiness: () => Promise<string | undefined>,
): Promise<RunningServer> {
  try {
    return await startHttpServer({
      port,
      ...(host ? { host } : {}),
      // Slack's requests are acknowledged before their answer is worked out: that work counts too.
      loadShedding: { busy: () => slack?.busy() ?? 0 },
      readiness,
      ...(slack?.receiver ? { slack: slack.receiver } : {}),
      ...(teams ? { teams } : {}),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError('PORT', `PORT ${port} is already in use. Set PORT to a free port.`);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  // A ConfigError's message says what to fix; no stack.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  // Exit now: whatever did start (a Socket Mode connection, say) must not keep a half-started bot alive.
  process.exit(1);
});
