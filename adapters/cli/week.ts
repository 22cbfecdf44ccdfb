import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createCore,
  KnowledgeError,
  openSqliteStore,
  postWeeklyRound,
  type Store,
  StoreError,
  type WeeklyPost,
} from '../../src/index.js';
import {
  ConfigError,
  loadEnvFile,
  readCoreConfig,
  readLogLevel,
  readSlackConfig,
  readStoreConfig,
  readWeeklyConfig,
} from '../config.js';
import { createLogger } from '../slack/logger.js';
import { readTeamsConfig } from '../teams/config.js';
import { createTeamsEndpoint } from '../teams/server.js';
import { summaryLine, weeklyPublishers } from '../weekly.js';
import { stopQuietlyWhenOutputCloses } from './closed-pipe.js';
import { renderPlain } from './render.js';

const USAGE = `Usage:
  npm run week                    this week's principle, and where it was posted (if there is a database)
  npm run week -- --post-now      post it now to every configured channel and conversation not yet done this week

--post-now reads the same settings as npm start (.env or the environment) and posts through the same
exactly-once path: a conversation already posted to (or being posted to) this week is left alone.
It exits 1 if any post failed.`;

export async function main(argv: string[]): Promise<number> {
  let postNow: boolean | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { 'post-now': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    postNow = values['post-now'];
  } catch (error) {
    process.stderr.write(`week: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  loadEnvFile();
  try {
    return postNow ? await post() : await show();
  } catch (error) {
    // These messages say what to fix; no stack.
    if (error instanceof ConfigError || error instanceof StoreError || error instanceof KnowledgeError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** This week's principle, as `week` shows it everywhere, and its posts so far. */
async function show(): Promise<number> {
  const core = createCore(readCoreConfig(process.env));
  const week = core.week();
  process.stdout.write(`${renderPlain(week)}\n`);
  const { file, ...storeOptions } = readStoreConfig(process.env);
  // Showing status only reads: it never creates, migrates or changes the database.
  if (!existsSync(file)) {
    process.stdout.write(`\nNo database at ${file} yet: nothing has been posted from here.\n`);
    return 0;
  }
  const store = openSqliteStore({ file, ...storeOptions, readOnly: true });
  try {
    const posts = await store.weeklyPosts.list({ week: week.week });
    process.stdout.write(`\n${statusLines(week.week, posts).join('\n')}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

export function statusLines(week: string, posts: readonly WeeklyPost[]): string[] {
  if (posts.length === 0) return [`Not posted anywhere for ${week} yet.`];
  return [`Posts for ${week}:`, ...posts.map((post) => `  ${post.platform} ${post.conversation}: ${describe(post)}`)];
}

function describe(post: WeeklyPost): string {
  switch (post.status) {
    case 'posted':
      return `posted${post.pinned ? ' and pinned' : ''}${post.postedAt ? ` at ${post.postedAt.toISOString()}` : ''}`;
    case 'failed':
      return `not posted (${post.error ?? 'unknown error'}); the next round tries again`;
    case 'claimed':
      return 'being posted, or the outcome is unknown (never sent twice, so not sent again)';
  }
}

/** Posts this week's principle now, through the round the schedule runs. */
async function post(): Promise<number> {
  // Every setting is read (and any mistake reported) before anything is opened or sent.
  const coreConfig = readCoreConfig(process.env);
  const slackConfig = readSlackConfig(process.env);
  const teamsConfig = readTeamsConfig(process.env);
  const weeklyConfig = readWeeklyConfig(process.env);
  const storeConfig = readStoreConfig(process.env);
  const logger = createLogger(readLogLevel(process.env));
  if (!(slackConfig && weeklyConfig.slackChannels.length > 0) && !teamsConfig) {
    throw new ConfigError(
      'WEEKLY_SLACK_CHANNELS',
      'There is nowhere to post: set WEEKLY_SLACK_CHANNELS with the Slack settings, or configure Microsoft Teams (see README.md).',
    );
  }
  const core = createCore(coreConfig);
  const store = openStore(storeConfig);
  try {
    const teamsAdapter = teamsConfig
      ? createTeamsEndpoint({
          core,
          config: teamsConfig,
          feedback: store.feedback,
          conversations: store.conversations,
          deliveries: store.deliveries,
          logger,
        }).adapter
      : undefined;
    const publishers = weeklyPublishers({ store, weeklyConfig, slackConfig, teamsConfig, teamsAdapter, logger });
    // Ctrl-C while a post waits to retry gives it up (marked failed, so the next round posts it)
    // instead of leaving it claimed and unsent.
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const summary = await postWeeklyRound({
      core,
      store,
      publishers,
      at: new Date(),
      log: logger,
      signal: stopping.signal,
    });
    process.stdout.write(`${summaryLine(summary)}\n`);
    return summary.failed.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

function openStore(config: ReturnType<typeof readStoreConfig>): Store {
  try {
    return openSqliteStore(config);
  } catch (error) {
    if (error instanceof StoreError) throw new ConfigError('DATABASE_FILE', `${error.message} (DATABASE_FILE)`);
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  stopQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
