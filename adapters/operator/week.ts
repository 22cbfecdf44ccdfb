import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { KnowledgeError, postWeeklyRound, StoreError, type WeeklyPost } from '../../src/index.js';
import { renderPlain } from '../cli/render.js';
import { stopQuietlyWhenOutputCloses } from '../closed-pipe.js';
import { ConfigError } from '../config-error.js';
import { type StartedUp, startUp } from '../start-up.js';
import { summaryLine } from '../weekly.js';

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
  try {
    // Every setting is read (and any mistake reported) before anything is opened or sent.
    const started = startUp(process.env);
    return postNow ? await post(started) : await show(started);
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
async function show({ core, settings, openStore }: StartedUp): Promise<number> {
  const week = core.week();
  process.stdout.write(`${renderPlain(week)}\n`);
  const store = openStore('read');
  if (!store) {
    process.stdout.write(`\nNo database at ${settings.store.file} yet: nothing has been posted from here.\n`);
    return 0;
  }
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
  return [`Posts for ${week}:`, ...posts.map((post) => `  ${post.platform} ${post.conversation}: ${postStatus(post)}`)];
}

function postStatus(post: WeeklyPost): string {
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
async function post({ core, settings, logger, openStore, weeklyPublishers }: StartedUp): Promise<number> {
  if (!(settings.slack && settings.weekly.slackChannels.length > 0) && !settings.teams) {
    throw new ConfigError(
      'WEEKLY_SLACK_CHANNELS',
      'There is nowhere to post: set WEEKLY_SLACK_CHANNELS with the Slack settings, or configure Microsoft Teams (see README.md).',
    );
  }
  const store = openStore('write');
  try {
    // Ctrl-C while a post waits to retry gives it up (marked failed, so the next round posts it)
    // instead of leaving it claimed and unsent.
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const publishers = weeklyPublishers(store);
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  stopQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
