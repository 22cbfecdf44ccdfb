import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../server-process.js';
import { eventFixture, fixture, uniqueTriggerId } from '../slack/support/fixtures.js';
import { commandBody, postSigned } from '../slack/support/signing.js';
import { BOT_USER_ID, SlackStandIn } from '../slack/support/web-api-stand-in.js';

// `npm start` as a real process, whose files stop growing: prlimit lowers its file size limit
// (RLIMIT_FSIZE), so the kernel refuses its writes to the database as it would on a full disk. It
// keeps answering, logs the fault once, /readyz says why while /healthz stays ok, and once the limit
// is lifted /readyz is ready again by itself.

const SECRET = '0123456789abcdef0123456789abcdef';
const QUESTION = 'can I reply to this journalist on Twitter?';
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
const standIn = new SlackStandIn();
let server: ServerProcess;
let url = '';

beforeAll(async () => {
  if (!hasPrlimit) return;
  await standIn.start();
  server = await startServerProcess({
    SLACK_BOT_TOKEN: 'xoxb-0000-disk-full-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: standIn.apiUrl,
  });
  url = server.url;
}, 30_000);

afterAll(() => standIn.stop());

/** Sets the process's file size limit: no write may reach past `soft` bytes into any file. */
function limitFileSize(soft: number | 'unlimited'): void {
  const result = spawnSync('prlimit', ['--pid', String(server.pid), `--fsize=${soft}:unlimited`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prlimit failed: ${result.stderr}`);
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: await response.json() };
}

function mention(body = eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${QUESTION}` })) {
  return { body, send: (headers: Record<string, string> = {}) => postEvent(body, headers) };
}

function postEvent(body: unknown, headers: Record<string, string>): Promise<Response> {
  return postSigned(`${url}/slack/events`, JSON.stringify(body), 'application/json', { secret: SECRET, headers });
}

describe.skipIf(!hasPrlimit)('npm start when its database cannot grow', () => {
  it('is ready before', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('answers every question once, says why it is not ready, and logs it once', async () => {
    limitFileSize(4096);
    const questions = [mention(), mention(), mention()];
    for (const question of questions) expect((await question.send()).status).toBe(200);
    await expect.poll(() => standIn.callsTo('chat.postMessage').length, { timeout: 5000 }).toBe(3);
    for (const question of questions) {
      expect((await question.send({ 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' })).status).toBe(
        200,
      );
    }

    const fields = { ...fixture('slash_command'), command: '/guidance', text: QUESTION, trigger_id: uniqueTriggerId() };
    const command = await postSigned(`${url}/slack/events`, commandBody(fields), 'application/x-www-form-urlencoded', {
      secret: SECRET,
    });
    expect(command.status).toBe(200);
    expect(await command.json()).toMatchObject({ response_type: 'ephemeral' });

    const ready = await get('/readyz');
    expect(ready).toMatchObject({ status: 503, body: { status: 'not ready' } });
    expect((ready.body as { reason: string }).reason).toMatch(/^SQLITE_(FULL|IOERR\w*): /);
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });

    await new Promise((resolve) => setTimeout(resolve, 300)); // any second reply would have been sent by now
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(3);
    expect(server.stderr().match(/The database cannot be written/g)).toHaveLength(1);
    expect(server.stderr()).not.toContain('Counting a question failed');
    expect(server.stderr()).not.toContain('journalist');
  });

  it('is ready again once the files may grow, without a request to tell it, and exits 0 on SIGTERM', async () => {
    limitFileSize('unlimited');
    await expect.poll(async () => (await get('/readyz')).status, { timeout: 5000, interval: 250 }).toBe(200);
    expect(server.stderr()).toContain('The database can be written again');
    server.kill('SIGTERM');
    expect(await server.exitCode).toBe(0);
  });
});
