import { type LogLevelName, readLogLevel, readPort } from '../config.js';
import { ConfigError } from '../config-error.js';

// Slack's settings, read once at start-up (adapters/start-up.ts). The mistakes people make copying
// them from Slack's app settings (a token in the wrong variable, the Verification Token for the
// signing secret) are named in the errors, and a token is never echoed.

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
