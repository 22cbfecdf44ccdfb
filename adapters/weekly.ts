import type { Logger } from '@slack/bolt';
import type { CloudAdapter } from 'botbuilder';
import type { Store, WeeklyPublisher, WeeklyRoundSummary } from '../src/index.js';
import type { WeeklyConfig } from './config.js';
import type { SlackConfig } from './slack/config.js';
import { createSlackWeeklyPublisher } from './slack/weekly.js';
import type { TeamsConfig } from './teams/config.js';
import { createTeamsWeeklyPublisher } from './teams/weekly.js';

// The principle of the week's publishers for the configured platforms: shared by `npm start` (the
// schedule) and `npm run week -- --post-now`, so that both post through the same path.

export interface WeeklyPublishersOptions {
  store: Store;
  weeklyConfig: WeeklyConfig;
  slackConfig: SlackConfig | undefined;
  teamsConfig: TeamsConfig | undefined;
  /** The Teams adapter that sends the cards (the endpoint's own), when Teams is configured. */
  teamsAdapter: CloudAdapter | undefined;
  logger: Logger;
}

export function weeklyPublishers(options: WeeklyPublishersOptions): WeeklyPublisher[] {
  const { slackConfig, teamsConfig, teamsAdapter, weeklyConfig, logger } = options;
  const publishers: WeeklyPublisher[] = [];
  if (slackConfig && weeklyConfig.slackChannels.length > 0) {
    publishers.push(
      createSlackWeeklyPublisher({
        token: slackConfig.botToken,
        ...(slackConfig.apiUrl ? { slackApiUrl: slackConfig.apiUrl } : {}),
        channels: weeklyConfig.slackChannels,
        logger,
      }),
    );
  }
  if (teamsConfig && teamsAdapter) {
    publishers.push(
      createTeamsWeeklyPublisher({
        adapter: teamsAdapter,
        appId: teamsConfig.anonymous ? '' : teamsConfig.appId,
        conversations: options.store.conversations,
      }),
    );
  }
  return publishers;
}

/** One line per round: the week, the principle, and what happened where (ids and counts only). */
export function summaryLine(summary: WeeklyRoundSummary): string {
  const failed = summary.failed.length > 0 ? ` (${summary.failed.join(', ')})` : '';
  return (
    `Principle of the week ${summary.week} (${summary.principleId}): ${summary.posted.length} posted, ` +
    `${summary.skipped.length} already done or in progress, ` +
    (summary.gone.length > 0 ? `${summary.gone.length} no longer reachable (marked inactive), ` : '') +
    `${summary.failed.length} failed${failed}`
  );
}
