import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';

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
  indexFile?: string;
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
  return {
    knowledgeDirs: dirs.length > 0 ? dirs : [BUNDLED_KNOWLEDGE],
    ...(indexFile === 'off' ? {} : { indexFile: resolve(indexFile) }),
  };
}

/**
 * A setting that is missing or malformed. The message names the variable and where to find its value,
 * and is meant to be shown as it is (no stack): start-up prints it and exits 1.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
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
