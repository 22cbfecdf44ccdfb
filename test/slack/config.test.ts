import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../adapters/config-error.js';
import { readSlackConfig, SLACK_SETTING_HOME } from '../../adapters/slack/config.js';

// readSlackConfig: no Slack variables means no Slack; anything missing or malformed is a ConfigError
// that names the variable and where to find its value, and never echoes a secret.

const SECRET = '0123456789abcdef0123456789abcdef';
const BOT = 'xoxb-1111-2222-secretbotvalue';
const APP = 'xapp-1-A111-3333-secretappvalue';

function errorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readSlackConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readSlackConfig', () => {
  it('is undefined when no SLACK_* variable is set, or all are blank (a copied .env.example)', () => {
    expect(readSlackConfig({})).toBeUndefined();
    expect(
      readSlackConfig({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' ', SLACK_APP_TOKEN: '', PORT: '8080' }),
    ).toBeUndefined();
  });

  it('reads HTTP mode with defaults', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET })).toEqual({
      mode: 'http',
      botToken: BOT,
      signingSecret: SECRET,
      port: 3000,
      logLevel: 'info',
    });
  });

  it('reads Socket Mode when an app-level token is given (no signing secret needed)', () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, PORT: '8080', LOG_LEVEL: 'DEBUG' });
    expect(config).toEqual({ mode: 'socket', botToken: BOT, appToken: APP, port: 8080, logLevel: 'debug' });
  });

  it('normalises SLACK_API_URL to end with /api/', () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET };
    expect(readSlackConfig({ ...env, SLACK_API_URL: 'https://slack-gov.com/api' })?.apiUrl).toBe(
      'https://slack-gov.com/api/',
    );
    expect(readSlackConfig({ ...env, SLACK_API_URL: 'http://127.0.0.1:9999/api/' })?.apiUrl).toBe(
      'http://127.0.0.1:9999/api/',
    );
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN', 'not set', SLACK_SETTING_HOME.SLACK_BOT_TOKEN],
    [{ SLACK_BOT_TOKEN: BOT }, 'SLACK_SIGNING_SECRET', 'not set', SLACK_SETTING_HOME.SLACK_SIGNING_SECRET],
    [{ SLACK_APP_TOKEN: APP }, 'SLACK_BOT_TOKEN', 'not set', SLACK_SETTING_HOME.SLACK_BOT_TOKEN],
    [{ SLACK_API_URL: 'https://slack-gov.com/api/' }, 'SLACK_BOT_TOKEN', 'not set', 'OAuth & Permissions'],
    [{ SLACK_BOT_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN', 'belongs in SLACK_APP_TOKEN', 'xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxp-1-user', SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN', 'a user token', 'xoxb-'],
    [
      { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT },
      'SLACK_APP_TOKEN',
      'starting with xapp-',
      SLACK_SETTING_HOME.SLACK_APP_TOKEN,
    ],
    [
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 'Ab12Cd34Ef56Gh78Ij90Kl12' },
      'SLACK_SIGNING_SECRET',
      'Verification Token',
      'Signing Secret',
    ],
    [{ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: 'eighty' }, 'PORT', 'port number', 'eighty'],
    [{ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '70000' }, 'PORT', 'port number', '70000'],
    [
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'https://slack.com' },
      'SLACK_API_URL',
      'ending in /api/',
      'https://slack.com',
    ],
    [
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'slack-gov.com/api/' },
      'SLACK_API_URL',
      'ending in /api/',
      '',
    ],
    [
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, LOG_LEVEL: 'loud' },
      'LOG_LEVEL',
      'debug, info, warn, error',
      'loud',
    ],
  ])('%j: a ConfigError naming %s', (env, variable, says, alsoSays) => {
    const error = errorFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(says);
    expect(error.message).toContain(alsoSays);
    for (const secret of [BOT, APP, SECRET, 'xoxp-1-user', 'Ab12Cd34Ef56Gh78Ij90Kl12'])
      expect(error.message).not.toContain(secret);
  });
});
