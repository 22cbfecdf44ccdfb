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

export interface SlackConfig {
  /** 'http': Slack calls POST /slack/events on PORT. 'socket': we open a WebSocket to Slack (no public URL needed). */
  mode: 'http' | 'socket';
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: HTTP mode only. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode only. */
  appToken?: string;
  /** SLACK_API_URL: Slack's Web API base, ending in /api/ (GovSlack, or a stand-in in tests). Default: Slack's. */
  apiUrl?: string;
  /** PORT: the one HTTP port for every platform (and /healthz). Default 3000. */
  port: number;
  /** LOG_LEVEL. Default info. */
  logLevel: LogLevelName;
}

/** Where each Slack setting is found in the app's settings at https://api.slack.com/apps. */
export const SLACK_SETTING_HOME = {
  SLACK_SIGNING_SECRET: 'Basic Information > App Credentials > Signing Secret',
  SLACK_BOT_TOKEN: 'OAuth & Permissions > Bot User OAuth Token',
  SLACK_APP_TOKEN: 'Basic Information > App-Level Tokens (connections:write)',
} as const;

const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;
const LOG_LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

/**
 * Reads the Slack settings, or undefined when none of the SLACK_* variables is set (blank counts as unset,
 * so a copied .env.example starts the terminal chat). With an app-level token the adapter runs in Socket
 * Mode, otherwise over HTTP. Throws a ConfigError naming the first variable that is missing or malformed.
 */
export function readSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  if (!SLACK_VARIABLES.some((name) => value(name))) return undefined;

  const botToken = requireSlackSetting(value('SLACK_BOT_TOKEN'), 'SLACK_BOT_TOKEN');
  checkToken('SLACK_BOT_TOKEN', botToken, 'xoxb-', 'a bot token');
  const appToken = value('SLACK_APP_TOKEN');
  if (appToken) checkToken('SLACK_APP_TOKEN', appToken, 'xapp-', 'an app-level token');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  if (!appToken) {
    if (!signingSecret) {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET',
        'SLACK_SIGNING_SECRET is not set. Slack signs every request it sends, and the bot needs the secret to check them. ' +
          `Find it in your app's settings at https://api.slack.com/apps under ${SLACK_SETTING_HOME.SLACK_SIGNING_SECRET}. ` +
          `(Or, for Socket Mode, set SLACK_APP_TOKEN from ${SLACK_SETTING_HOME.SLACK_APP_TOKEN}.)`,
      );
    }
    checkSigningSecret(signingSecret);
  }
  const apiUrl = readApiUrl(value('SLACK_API_URL'));
  return {
    mode: appToken ? 'socket' : 'http',
    botToken,
    ...(appToken ? { appToken } : { signingSecret: signingSecret as string }),
    ...(apiUrl ? { apiUrl } : {}),
    port: readPort(env),
    logLevel: readLogLevel(env),
  };
}

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

function requireSlackSetting(value: string | undefined, name: keyof typeof SLACK_SETTING_HOME): string {
  if (value) return value;
  throw new ConfigError(
    name,
    `${name} is not set. Find it in your app's settings at https://api.slack.com/apps under ${SLACK_SETTING_HOME[name]}.`,
  );
}

/** Checks a token's prefix without ever echoing the token itself. */
function checkToken(name: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', token: string, prefix: string, what: string): void {
  if (token.startsWith(prefix) && !/\s/.test(token)) return;
  const kinds: Array<[string, string]> = [
    ['xoxb-', 'a bot token, which belongs in SLACK_BOT_TOKEN'],
    ['xapp-', 'an app-level token, which belongs in SLACK_APP_TOKEN'],
    ['xoxp-', 'a user token, which the bot does not use'],
  ];
  const actual = kinds.find(([kind]) => token.startsWith(kind));
  const found = actual ? ` The value given looks like ${actual[1]}.` : '';
  throw new ConfigError(
    name,
    `${name} must be ${what} starting with ${prefix}.${found} ` +
      `Find it in your app's settings at https://api.slack.com/apps under ${SLACK_SETTING_HOME[name]}.`,
  );
}

function checkSigningSecret(secret: string): void {
  // Slack's signing secrets are hexadecimal. The old Verification Token (letters and digits) is a common mix-up.
  if (/^[0-9a-f]{16,}$/i.test(secret)) return;
  throw new ConfigError(
    'SLACK_SIGNING_SECRET',
    'SLACK_SIGNING_SECRET does not look like a signing secret (a string of hexadecimal digits). ' +
      `Copy it from your app's settings at https://api.slack.com/apps under ${SLACK_SETTING_HOME.SLACK_SIGNING_SECRET}; ` +
      'the Verification Token shown near it will not work.',
  );
}

/** SLACK_API_URL must be an http(s) address ending in /api/ (a missing final slash is added). */
function readApiUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const normalised = text.endsWith('/api') ? `${text}/` : text;
  if (!url || !/^https?:$/.test(url.protocol) || !normalised.endsWith('/api/') || url.search || url.hash) {
    throw new ConfigError(
      'SLACK_API_URL',
      `SLACK_API_URL must be the address of Slack's Web API, ending in /api/, such as https://slack-gov.com/api/ (it is "${text}"). ` +
        'Leave it unset for ordinary Slack.',
    );
  }
  return normalised;
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
