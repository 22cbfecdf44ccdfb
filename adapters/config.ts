import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import {
  type Contact,
  checkSchedule,
  contactLink,
  defaultWeeklySchedule,
  isTimeZone,
  type Presentation,
  type SavedIndexStore,
  type WeeklySchedule,
} from '../src/index.js';
import { ConfigError } from './config-error.js';
import { savedIndexFile } from './saved-index-file.js';

// The settings every entry point shares (knowledge, store, contact, weekly post, port, host, log level).
// Each platform's own are read beside it: slack/config.ts and teams/config.ts.

/** The project folder, found from this file (run from source or from dist/) so that any working folder will do. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** The knowledge that ships with the bot. */
export const BUNDLED_KNOWLEDGE = join(PROJECT_ROOT, 'knowledge');

const DEFAULT_INDEX_FILE = join(PROJECT_ROOT, 'node_modules', '.cache', 'guidance-bot', 'index.json');

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`guidance-bot: cannot find package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export interface CoreConfig {
  /** KNOWLEDGE_DIR: folders of knowledge files, separated like PATH. Default: the bundled `knowledge/`. */
  knowledgeDirs: string[];
  /**
   * INDEX_FILE: where to keep the built search index between runs ("off" to always build).
   * Default: node_modules/.cache/guidance-bot/index.json, which npm leaves alone and git ignores.
   */
  savedIndex?: SavedIndexStore;
  /** WEEKLY_TIME_ZONE: whose calendar says which week it is. Default Europe/London. */
  timeZone: string;
  /** What replies say about privacy (STORE_QUESTIONS, QUESTION_RETENTION_DAYS) and who to ask (CONTACT_*). */
  presentation: Presentation;
}

/** Reads `.env` (if there is one) into the environment without overriding what is already set. */
export function loadEnvFile(): void {
  // quiet: dotenv otherwise prints a banner on stdout, which the --jsonl contract forbids.
  loadDotenv({ quiet: true });
}

export function readCoreConfig(env: NodeJS.ProcessEnv): CoreConfig {
  const dirs = (env.KNOWLEDGE_DIR ?? '')
    .split(delimiter)
    .map((dir) => dir.trim())
    .filter(Boolean)
    .map((dir) => resolve(dir));
  const indexFile = env.INDEX_FILE?.trim() || DEFAULT_INDEX_FILE;
  // The replies must be true to the store's setting, so both are read from the same variables.
  const store = readStoreConfig(env);
  const contact = readContactConfig(env);
  return {
    knowledgeDirs: dirs.length > 0 ? dirs : [BUNDLED_KNOWLEDGE],
    ...(indexFile === 'off' ? {} : { savedIndex: savedIndexFile(resolve(indexFile)) }),
    timeZone: readTimeZone(env),
    presentation: {
      storesQuestions: store.storeQuestions,
      retentionDays: store.questionRetentionDays,
      ...(contact ? { contact } : {}),
    },
  };
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

const LOG_LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

/** PORT: a whole number from 0 to 65535 (0 picks a free port). Default 3000. */
export function readPort(env: NodeJS.ProcessEnv): number {
  const text = env.PORT?.trim();
  if (!text) return 3000;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new ConfigError('PORT', `PORT must be a port number from 0 to 65535, such as 3000 (it is "${text}").`);
  }
  return port;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

/**
 * HOST: the address to listen on. Default: every interface; 127.0.0.1 when Teams runs anonymously,
 * which answers anyone without a token and so must not be reachable from the network.
 */
export function readHost(env: NodeJS.ProcessEnv, { anonymous }: { anonymous: boolean }): string | undefined {
  const text = env.HOST?.trim();
  if (!text) return anonymous ? '127.0.0.1' : undefined;
  if (!isIP(text) && text.toLowerCase() !== 'localhost') {
    throw new ConfigError('HOST', `HOST must be an IP address such as 0.0.0.0 or 127.0.0.1 (it is "${text}").`);
  }
  if (anonymous && !LOOPBACK.test(text)) {
    throw new ConfigError(
      'HOST',
      `TEAMS_ALLOW_ANONYMOUS=true answers anyone without a Bot Framework token, so it listens on this machine only: ` +
        `unset HOST or set it to 127.0.0.1 or ::1 (it is "${text}"). To serve a network, give the bot its ` +
        'MicrosoftAppId and credentials instead (see README.md, Microsoft Teams).',
    );
  }
  return text;
}

/** LOG_LEVEL: debug, info, warn or error. Default info. */
export function readLogLevel(env: NodeJS.ProcessEnv): LogLevelName {
  const text = env.LOG_LEVEL?.trim().toLowerCase();
  if (!text) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(text)) {
    throw new ConfigError('LOG_LEVEL', `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (it is "${env.LOG_LEVEL}").`);
  }
  return text as LogLevelName;
}

/** The longest CONTACT_NAME and CONTACT_WHERE: they are shown on one line under answers. */
const CONTACT_LIMITS = { CONTACT_NAME: 100, CONTACT_WHERE: 300 } as const;

/**
 * CONTACT_NAME and CONTACT_WHERE: who to ask when the guidance is not enough ("the digital communications
 * team", "#social-media-help" or a web link or an email address), shown on declines, doubtful answers and
 * help. Both or neither: a ConfigError names the one missing, or one too long or with control characters.
 */
export function readContactConfig(env: NodeJS.ProcessEnv): Contact | undefined {
  const name = env.CONTACT_NAME?.trim() ?? '';
  const where = env.CONTACT_WHERE?.trim() ?? '';
  if (!name && !where) return undefined;
  const example = 'CONTACT_NAME="the digital communications team" and CONTACT_WHERE="#social-media-help"';
  if (!name || !where) {
    const [missing, set] = name ? ['CONTACT_WHERE', 'CONTACT_NAME'] : ['CONTACT_NAME', 'CONTACT_WHERE'];
    throw new ConfigError(
      missing,
      `${missing} is not set, but ${set} is. Set both (such as ${example}; CONTACT_WHERE may also be a web link or an email address), or neither.`,
    );
  }
  for (const [variable, value] of [
    ['CONTACT_NAME', name],
    ['CONTACT_WHERE', where],
  ] as const) {
    if (/\p{Cc}/u.test(value)) {
      throw new ConfigError(
        variable,
        `${variable} has a control character (a line break or a tab?): write it as one plain line.`,
      );
    }
    if (value.length > CONTACT_LIMITS[variable]) {
      throw new ConfigError(
        variable,
        `${variable} is ${value.length} characters long; keep it to ${CONTACT_LIMITS[variable]} (it is shown on one line, such as ${example}).`,
      );
    }
  }
  if (/^https?:/i.test(where) && !contactLink(where)) {
    throw new ConfigError(
      'CONTACT_WHERE',
      'CONTACT_WHERE looks like a web address but cannot be a link: write the whole address, with no spaces, quotes or brackets.',
    );
  }
  return { name, where };
}

export interface StoreConfig {
  /** DATABASE_FILE: the SQLite file. Default data/guidance-bot.sqlite in the project folder. */
  file: string;
  /** STORE_QUESTIONS=true keeps question text (for the report). Default off: counts only. */
  storeQuestions: boolean;
  /** QUESTION_RETENTION_DAYS: how long question text is kept when stored. Default 30. */
  questionRetentionDays: number;
}

export const DEFAULT_DATABASE_FILE = join(PROJECT_ROOT, 'data', 'guidance-bot.sqlite');

export function readStoreConfig(env: NodeJS.ProcessEnv): StoreConfig {
  const file = env.DATABASE_FILE?.trim();
  return {
    file: file ? resolve(file) : DEFAULT_DATABASE_FILE,
    storeQuestions: readSwitch(env, 'STORE_QUESTIONS'),
    questionRetentionDays: readWholeNumber(env, 'QUESTION_RETENTION_DAYS', 30, 1),
  };
}

/** A true/false setting: "true" or "false" (any case), empty for false. Anything else is a mistake. */
export function readSwitch(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text || text === 'false') return false;
  if (text === 'true') return true;
  throw new ConfigError(name, `${name} must be true or false (it is "${env[name]}").`);
}

function readWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, least: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < least) {
    throw new ConfigError(name, `${name} must be a whole number of at least ${least} (it is "${text}").`);
  }
  return Number(text);
}

export interface WeeklyConfig {
  /** WEEKLY_CRON and WEEKLY_TIME_ZONE; undefined when WEEKLY_CRON=off. */
  schedule: WeeklySchedule | undefined;
  /** The time zone whose calendar says which week it is (WEEKLY_TIME_ZONE), even when the schedule is off. */
  timeZone: string;
  /** WEEKLY_SLACK_CHANNELS: Slack channel ids to post and pin the principle of the week in. */
  slackChannels: string[];
}

/** WEEKLY_TIME_ZONE: an IANA time zone. Default Europe/London. */
function readTimeZone(env: NodeJS.ProcessEnv): string {
  const timeZone = env.WEEKLY_TIME_ZONE?.trim() || defaultWeeklySchedule.timeZone;
  if (!isTimeZone(timeZone)) {
    throw new ConfigError(
      'WEEKLY_TIME_ZONE',
      `WEEKLY_TIME_ZONE "${timeZone}" is not a time zone. Use an IANA name such as Europe/London (see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).`,
    );
  }
  return timeZone;
}

export function readWeeklyConfig(env: NodeJS.ProcessEnv): WeeklyConfig {
  const timeZone = readTimeZone(env);
  const cron = env.WEEKLY_CRON?.trim() || defaultWeeklySchedule.cron;
  let schedule: WeeklySchedule | undefined;
  if (cron.toLowerCase() !== 'off') {
    schedule = { cron, timeZone };
    try {
      checkSchedule(schedule);
    } catch (error) {
      throw new ConfigError(
        'WEEKLY_CRON',
        `WEEKLY_CRON: ${(error as Error).message}. Write minute hour day month weekday, such as "0 9 * * 1" for Mondays at 09:00, or "off".`,
      );
    }
  }
  const slackChannels = (env.WEEKLY_SLACK_CHANNELS ?? '')
    .split(',')
    .map((channel) => channel.trim())
    .filter(Boolean);
  for (const channel of slackChannels) {
    if (!/^[CGD][A-Z0-9]{6,}$/.test(channel)) {
      throw new ConfigError(
        'WEEKLY_SLACK_CHANNELS',
        `WEEKLY_SLACK_CHANNELS must list channel ids separated by commas, such as C0123ABCDEF ("${channel}" is not one). In Slack, open the channel's details: the id is at the bottom of the About tab.`,
      );
    }
  }
  return { schedule, timeZone, slackChannels };
}
