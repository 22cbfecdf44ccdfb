import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchServerProcess, type ServerProcess } from '../server-process.js';
import {
  APP_ID,
  APP_PASSWORD,
  type BotFrameworkAuth,
  ISSUER,
  startBotFrameworkAuth,
  TENANT_ID,
} from '../teams/auth-stand-ins.js';
import { fixture, postActivity } from '../teams/helpers.js';
import { ENTRY, parseEntry } from './entry.js';

// `npm start` as a real process with Teams authentication on, and requests it must refuse: each is
// answered 401 and leaves exactly one line in the log. (botbuilder itself prints the error with its
// stack, and for some tokens the key it tried as well, straight to the console.)

const SERVICE_URL = 'http://127.0.0.1:9/amer/';

let auth: BotFrameworkAuth;
let server: ServerProcess;

beforeAll(async () => {
  auth = await startBotFrameworkAuth();
  if (auth.config.anonymous) throw new Error('the stand-ins configure an app id');
  server = await launchServerProcess({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_PASSWORD,
    MicrosoftAppTenantId: TENANT_ID,
    ToBotFromChannelOpenIdMetadataUrl: auth.config.endpoints.openIdMetadataUrl ?? '',
    ToBotFromChannelTokenIssuer: ISSUER,
  });
});

async function messagesUrl(): Promise<string> {
  await server.healthy();
  return `${server.url}/api/messages`;
}

/** What the process wrote to standard error while `send` ran, and a moment after (lines come async). */
async function writtenDuring(send: () => Promise<number>): Promise<{ status: number; lines: string[] }> {
  const before = server.stderr().length;
  const status = await send();
  for (let waited = 0; waited < 3000 && !server.stderr().slice(before).includes('\n'); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { status, lines: server.stderr().slice(before).split('\n').filter(Boolean) };
}

const message = () => ({ ...fixture('message_personal'), serviceUrl: SERVICE_URL });

/** Sends the message with `authorization` (if any) and returns the status and what was logged meanwhile. */
async function refusedWith(authorization: string | undefined): Promise<{ status: number; lines: string[] }> {
  const url = await messagesUrl();
  return writtenDuring(async () => {
    const response = await postActivity(url, message(), authorization ? { authorization } : {});
    return response.status;
  });
}

function expectOneRefusalLine(line: string | undefined): void {
  expect(line).toMatch(ENTRY);
  expect(parseEntry(line as string).level).toBe('warn');
  expect(parseEntry(line as string).msg).toContain('Teams: refused a request (401)');
  expect(line).not.toMatch(/ at |BEGIN PUBLIC KEY/);
}

describe('a request with a token that is refused', () => {
  // A request that carries no JWT at all may be refused before botbuilder sees it, without a line.
  it.each<[string, string | undefined]>([
    ['no Authorization header', undefined],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
  ])('%s: 401 and at most one line in the log, no stack', async (_case, authorization) => {
    const { status, lines } = await refusedWith(authorization);
    expect(status).toBe(401);
    expect(lines.length).toBeLessThanOrEqual(1);
    for (const line of lines) expectOneRefusalLine(line);
  });

  it.each<[string, () => Promise<string>]>([
    [
      'a well-formed token from an issuer nobody trusts',
      async () =>
        `Bearer ${await new SignJWT({ serviceurl: SERVICE_URL })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('https://made-up.example')
          .setAudience(APP_ID)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a made-up secret of enough length!'))}`,
    ],
    [
      'a token signed with a key the metadata does not publish',
      async () => `Bearer ${await auth.sign(SERVICE_URL, {}, { key: auth.strangerKey })}`,
    ],
    [
      'an expired token',
      async () => `Bearer ${await auth.sign(SERVICE_URL, {}, { expiresIn: Math.floor(Date.now() / 1000) - 600 })}`,
    ],
  ])('%s: 401 and exactly one line in the log, no stack', async (_case, authorization) => {
    const { status, lines } = await refusedWith(await authorization());
    expect(status).toBe(401);
    expect(lines).toHaveLength(1);
    expectOneRefusalLine(lines[0]);
  });
});
