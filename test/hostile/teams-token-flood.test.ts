import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UNVERIFIED_REQUESTS } from '../../adapters/teams/inbound-guard.js';
import { type ServerProcess, startServer } from '../../bench/load/server-process.js';
import { type BotFramework, startBotFramework, TOKEN_ISSUER } from '../../bench/load/stand-ins.js';
import { makeTempDir } from '../helpers.js';
import { fixture } from '../teams/helpers.js';

// Requests to /api/messages from someone without credentials, on `npm start` as a real process (its
// 192 MB heap) while Microsoft's key endpoint is slow: once, about eight such 1 MB bodies with made-up
// tokens, held in memory while every request waited on its own fetch of the keys, crashed the process.

/** The load benchmark's peak-memory target (bench/load/report.ts). */
const LOAD_BENCH_PEAK_RSS_MB = 250;
const KEY_DELAY_MS = 3_000;
/** Teams activities are a few KB, the largest we receive under 28 KB: 128 KB is the limit (stated here, not imported). */
const TEAMS_MAX_BODY_BYTES = 128 * 1024;

let bf: BotFramework;
let server: ServerProcess;

beforeEach(async () => {
  bf = await startBotFramework();
  bf.keyDelayMs = KEY_DELAY_MS;
  const dir = makeTempDir();
  server = await startServer({
    dir,
    env: { ...bf.env, INDEX_FILE: 'off', DATABASE_FILE: join(dir, 'state.sqlite'), WEEKLY_CRON: 'off' },
  });
});

afterEach(async () => {
  await server.stop();
  await bf.stop();
});

function activity(text = 'can I reply to a tweet about our policy?') {
  const message = fixture('message_personal');
  message.serviceUrl = bf.serviceUrl;
  message.text = text;
  return message;
}

/** A token shaped like the Bot Framework's, for this bot, signed with a key nobody published. */
async function madeUpToken(): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ serviceurl: bf.serviceUrl })
    .setProtectedHeader({ alg: 'RS256', kid: 'load-key-1', typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(bf.env.MicrosoftAppId as string)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

function post(body: string, token: string | undefined): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

/**
 * Sends the headers (declaring `length` bytes) and then the body in 64 KB chunks, stopping when the
 * server answers: the status, and how many body bytes had gone by then.
 */
function sendSlowly(
  lengthOrBody: number | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; bytesSent: number }> {
  // A body to send, or that many spaces. Written 100 ms after the headers, as a client with a large
  // body does: a refusal from the headers alone comes before any write, so it cannot race one (EPIPE).
  const body = typeof lengthOrBody === 'number' ? undefined : lengthOrBody;
  const length = body ? body.length : (lengthOrBody as number);
  const spaces = Buffer.alloc(64 * 1024, ' ');
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = httpRequest(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(length), ...headers },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, bytesSent });
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server answered from the headers and closed before the answer could be read: refused
      // unread all the same (status 0).
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ status: 0, bytesSent });
      else reject(error);
    });
    request.flushHeaders();
    const more = () => {
      if (answered || bytesSent >= length) return;
      const chunk = body ? body.subarray(bytesSent, bytesSent + spaces.length) : spaces;
      bytesSent += chunk.length;
      request.write(chunk);
      setTimeout(more, 20);
    };
    setTimeout(more, 100);
  });
}

async function healthzMs(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  return performance.now() - started;
}

describe('made-up tokens while the signing keys are slow to fetch', () => {
  it('twenty 1 MB bodies and a hundred activity-sized ones: the process lives and stays small, the keys are fetched once', async () => {
    const token = await madeUpToken();
    const activitySized = JSON.stringify({
      ...activity(),
      channelData: { pad: 'x'.repeat(TEAMS_MAX_BODY_BYTES - 4096) },
    });
    const flood = [
      // Sent as a client sends a large body: the headers, then the bytes (until the server answers).
      ...Array.from({ length: 20 }, () =>
        sendSlowly(1024 * 1024, { authorization: `Bearer ${token}` }).then(({ status }) => ({ status })),
      ),
      ...Array.from({ length: 100 }, () =>
        sendSlowly(Buffer.from(activitySized), { authorization: `Bearer ${token}` }).then(({ status }) => ({ status })),
      ),
    ];
    // While the flood waits: liveness answers (the bound is generous for a loaded CI machine).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await healthzMs()).toBeLessThan(1_000);
    const statuses = (await Promise.all(flood)).map((response) => response.status);

    // Refused without being read: too large (413), or shed with the rest of the flood (503).
    for (const status of statuses.slice(0, 20)) expect([413, 503, 0]).toContain(status);
    const counts = (status: number) => statuses.slice(20).filter((s) => s === status).length;
    // At most MAX_UNVERIFIED_REQUESTS waited for the keys (and were then refused as forged); the rest
    // were told at once to come back later.
    expect(counts(401)).toBeLessThanOrEqual(MAX_UNVERIFIED_REQUESTS);
    expect(counts(401) + counts(503) + counts(0)).toBe(100); // 0: closed unread, the answer lost to the close
    expect(counts(503) + counts(0)).toBeGreaterThan(0);
    expect(bf.keyFetches).toBe(1);
    expect(server.peakRssMb()).toBeLessThan(LOAD_BENCH_PEAK_RSS_MB);

    // And a real activity with a real token is answered, with no further fetch of the keys.
    const replies: unknown[] = [];
    bf.onPost = (reply) => replies.push(reply);
    expect((await post(JSON.stringify(activity()), await bf.token())).status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(bf.keyFetches).toBe(1);
  });

  it('a request without a well-formed Bearer token is refused before its body is read', async () => {
    for (const authorization of [
      undefined,
      'Bearer',
      'Bearer not-a-jwt',
      'Basic dXNlcjpwYXNz',
      `Bearer a.b.c${'d'.repeat(9000)}`,
    ]) {
      const { status, bytesSent } = await sendSlowly(512 * 1024, authorization ? { authorization } : {});
      expect(status, String(authorization).slice(0, 20)).toBe(401);
      expect(bytesSent).toBe(0);
    }
  });

  it('an activity over the Teams limit (128 KB) is refused from its Content-Length, before it is sent', async () => {
    const { status, bytesSent } = await sendSlowly(TEAMS_MAX_BODY_BYTES + 1, {
      authorization: `Bearer ${await madeUpToken()}`,
    });
    expect(status).toBe(413);
    expect(bytesSent).toBe(0);
  });
});
