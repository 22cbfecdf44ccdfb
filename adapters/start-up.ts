import { existsSync } from 'node:fs';
import type { CloudAdapter } from 'botbuilder';
import { type Core, type CoreOptions, createCore, type Store, type WeeklyPublisher } from '../src/index.js';
import {
  type CoreConfig,
  type LogLevelName,
  loadEnvFile,
  readCoreConfig,
  readHost,
  readLogLevel,
  readPort,
  readStoreConfig,
  readWeeklyConfig,
  type StoreConfig,
  type WeeklyConfig,
} from './config.js';
import { type AppLogger, createLogger } from './log.js';
import { readSlackConfig, type SlackConfig } from './slack/config.js';
import { openStore as openConfiguredStore } from './store/index.js';
import { readTeamsConfig, type TeamsConfig } from './teams/config.js';
import { createSendingAdapter } from './teams/sending-adapter.js';
import { weeklyPublishers } from './weekly.js';

// The one start-up path of every entry point (npm start, ask, week, report): configuration is read and
// checked here, once and all of it, before anything is opened or sent, and the parts are built here.

/** Every setting, read from the environment (and .env). */
export interface Settings {
  core: CoreConfig;
  slack: SlackConfig | undefined;
  teams: TeamsConfig | undefined;
  port: number;
  /** Default: every interface (127.0.0.1 when Teams runs anonymously). */
  host: string | undefined;
  logLevel: LogLevelName;
  store: StoreConfig;
  weekly: WeeklyConfig;
}

export interface StartUpNeeds {
  /** Options the entry point adds to the core's: `ask --knowledge`, or another answer policy. */
  core?: Pick<CoreOptions, 'answerPolicy' | 'knowledgeDirs'>;
}

export interface StartedUp {
  settings: Settings;
  core: Core;
  /** The process's one log, which knows the configured secrets so as never to write them. */
  logger: AppLogger;
  /**
   * The database. 'write' creates or migrates it; 'read' opens an existing one without changing it,
   * and is undefined when there is none. A database that cannot be opened is a ConfigError (DATABASE_FILE).
   */
  openStore(access: 'write'): Store;
  openStore(access: 'read'): Store | undefined;
  /**
   * The principle of the week's publishers for the configured platforms. Teams posts through
   * `teamsAdapter` (the server's endpoint's), or else an adapter that only sends.
   */
  weeklyPublishers(store: Store, teamsAdapter?: CloudAdapter): WeeklyPublisher[];
}

/** Reads every setting (throwing a ConfigError for the first mistake), then builds the core and the log. */
export function startUp(env: NodeJS.ProcessEnv = process.env, needs: StartUpNeeds = {}): StartedUp {
  const settings = readSettings(env);
  const logger = createLogger(settings.logLevel, { secrets: secretsOf(settings) });
  const core = createCore({ ...settings.core, ...needs.core });
  return {
    settings,
    core,
    logger,
    openStore: ((access: 'read' | 'write') => openStore(settings.store, access)) as StartedUp['openStore'],
    weeklyPublishers: (store, teamsAdapter) =>
      weeklyPublishers({
        store,
        weeklyConfig: settings.weekly,
        slackConfig: settings.slack,
        teamsConfig: settings.teams,
        teamsAdapter: settings.teams ? (teamsAdapter ?? createSendingAdapter(settings.teams)) : undefined,
        logger,
      }),
  };
}

/** Reads `.env` into the environment (what is set already wins), then every setting. */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
  loadEnvFile();
  const teams = readTeamsConfig(env);
  return {
    core: readCoreConfig(env),
    slack: readSlackConfig(env),
    teams,
    port: readPort(env),
    host: readHost(env, { anonymous: teams?.anonymous === true }),
    logLevel: readLogLevel(env),
    store: readStoreConfig(env),
    weekly: readWeeklyConfig(env),
  };
}

function secretsOf({ slack, teams }: Settings): Array<string | undefined> {
  return [
    slack?.botToken,
    slack?.appToken,
    slack?.signingSecret,
    teams && !teams.anonymous ? teams.appPassword : undefined,
  ];
}

/** The store for an entry point, through openStore (adapters/store): the one place a store is chosen and opened. */
function openStore(config: StoreConfig, access: 'read' | 'write'): Store | undefined {
  // Reading never creates, migrates or changes the database.
  if (access === 'read' && !existsSync(config.file)) return undefined;
  return openConfiguredStore({ ...config, ...(access === 'read' ? { readOnly: true } : {}) });
}
