import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchServerProcess } from '../server-process.js';
import { eventFixture } from './support/fixtures.js';
import { postSigned } from './support/signing.js';
import { SlackStandIn } from './support/web-api-stand-in.js';

// `npm start` (the compiled adapters/main.js, built by test/global-setup.ts) as a real process: with no
// Slack settings it opens the terminal chat; with bad ones it exits 1 naming the variable, no stack.

const SECRET = '0123456789abcdef0123456789abcdef';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start` in an empty folder (no .env) with only `env`, and `input` typed into it; resolves when it exits. */
async function start(env: Record<string, string>, input = ''): Promise<Run> {
  const server = await launchServerProcess(env, input);
  const status = await server.exitCode;
  return { status, stdout: server.stdout(), stderr: server.stderr() };
}

describe('npm start', () => {
  const standIn = new SlackStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  it('with no Slack settings opens the terminal chat', async () => {
    const run = await start({}, 'principles\nquit\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('No chat platform is configured');
    expect(run.stdout).toContain('The principles of the social media guidance');
  });

  it.each([
    [
      { SLACK_BOT_TOKEN: 'xoxb-1-secretvalue' },
      'SLACK_SIGNING_SECRET',
      'Basic Information > App Credentials > Signing Secret',
    ],
    [{ SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN', 'OAuth & Permissions > Bot User OAuth Token'],
    [{ SLACK_BOT_TOKEN: 'xapp-1-secretvalue', SLACK_SIGNING_SECRET: SECRET }, 'SLACK_BOT_TOKEN', 'xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-secretvalue', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN', 'connections:write'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-secretvalue', SLACK_SIGNING_SECRET: SECRET, PORT: 'http' }, 'PORT', 'port number'],
  ])('with %j exits 1 naming %s, without a stack trace', async (env, variable, where) => {
    const run = await start(env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(variable);
    expect(run.stderr).toContain(where);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('secretvalue');
    expect(run.stdout).toBe('');
  });

  it('with good settings serves Slack on PORT until SIGTERM, then exits 0', async () => {
    const server = await launchServerProcess({
      SLACK_BOT_TOKEN: 'xoxb-1-good',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
    });
    await expect.poll(() => /listening on port (\d+)/.exec(server.stderr()), { timeout: 10_000 }).toBeTruthy();
    const port = /listening on port (\d+)/.exec(server.stderr())?.[1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const body = JSON.stringify(
      eventFixture('event_app_mention_channel', { text: '<@UBOTSTANDIN> can I reply to a tweet?' }),
    );
    await postSigned(`http://127.0.0.1:${port}/slack/events`, body, 'application/json', { secret: SECRET });
    await expect.poll(() => standIn.callsTo('chat.postMessage').length, { timeout: 5000 }).toBe(1);

    server.kill('SIGTERM');
    expect(await server.exitCode).toBe(0);
    expect(server.stderr()).not.toContain('can I reply');
  });

  it('exits 1 naming SLACK_BOT_TOKEN when Slack rejects the token (auth.test: invalid_auth)', async () => {
    standIn.failNext('auth.test', { kind: 'slack-error', error: 'invalid_auth' });
    const run = await start({
      SLACK_BOT_TOKEN: 'xoxb-1-revoked',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
