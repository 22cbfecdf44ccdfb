import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readHost } from '../../adapters/config.js';
import { ConfigError } from '../../adapters/config-error.js';
import { ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT } from '../../adapters/teams/endpoint.js';
import { DEFAULT_PRESENTATION, welcome } from '../../src/index.js';
import { launchServerProcess } from '../server-process.js';
import { type ConnectorStandIn, fixture, postActivity, type RunningBot, startBot, startConnector } from './helpers.js';

// TEAMS_ALLOW_ANONYMOUS=true (local development, for the Microsoft 365 Agents Playground) answers anyone
// without a token and posts its replies wherever an activity's serviceUrl says. Once, it listened on every
// interface, so that anyone on the network could make the bot POST to a URL of their choosing and add
// thousands of conversations for the weekly round to post to.

/** The local address of the socket listening on `port`, from the kernel's own table (hex, as /proc has it). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // st 0A is LISTEN
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

describe('where the server listens', () => {
  it('anonymous: on 127.0.0.1 only, whatever the machine has', async () => {
    const server = await launchServerProcess({ TEAMS_ALLOW_ANONYMOUS: 'true' });
    try {
      await expect.poll(() => /listening on port (\d+)/.exec(server.stderr()), { timeout: 15_000 }).toBeTruthy();
      const port = Number(/listening on port (\d+)/.exec(server.stderr())?.[1]);
      expect(server.stderr()).toContain(`listening on port ${port} on 127.0.0.1`);
      expect(listeningAddresses(port)).toEqual(['0100007F']); // 127.0.0.1, and nothing else
    } finally {
      await server.stop();
    }
  });

  it('HOST: every interface by default; anonymous refuses any address but loopback, naming HOST', () => {
    expect(readHost({}, { anonymous: false })).toBeUndefined();
    expect(readHost({ HOST: '0.0.0.0' }, { anonymous: false })).toBe('0.0.0.0');
    expect(readHost({}, { anonymous: true })).toBe('127.0.0.1');
    expect(readHost({ HOST: '::1' }, { anonymous: true })).toBe('::1');
    for (const host of ['0.0.0.0', '::', '192.0.2.2']) {
      expect(() => readHost({ HOST: host }, { anonymous: true })).toThrow(ConfigError);
      expect(() => readHost({ HOST: host }, { anonymous: true })).toThrow(/HOST.*127\.0\.0\.1/);
    }
    expect(() => readHost({ HOST: 'example.org' }, { anonymous: false })).toThrow(/HOST must be an IP address/);
  });
});

describe('what an anonymous caller can make the bot do', () => {
  let connector: ConnectorStandIn;
  let bot: RunningBot;

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot();
  });
  beforeEach(() => connector.reset());

  function message(overrides: Record<string, unknown>) {
    const activity = fixture('message_personal');
    activity.serviceUrl = connector.serviceUrl;
    activity.text = 'can I reply to a tweet?';
    return { ...activity, ...overrides };
  }

  it.each([
    ['a serviceUrl of 600 characters', () => ({ serviceUrl: `${connector.serviceUrl}${'a'.repeat(600)}` })],
    ['a serviceUrl that is not http(s)', () => ({ serviceUrl: 'file:///etc/passwd' })],
    ['a serviceUrl that is not a URL', () => ({ serviceUrl: 'not a url' })],
    ['a conversation id of 600 characters', () => ({ conversation: { id: `a:${'x'.repeat(600)}` } })],
  ])('%s: 400, and nothing is posted', async (_case, overrides) => {
    const posted = await postActivity(bot.url, message(overrides()));
    expect(posted.status).toBe(400);
    expect(connector.calls).toEqual([]);
  });

  it(`one tenant adds at most ${ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT} conversations; another tenant still can`, async () => {
    const added = (conversation: string, tenant: string) => {
      const activity = fixture('conversationUpdate_bot_added_to_team');
      activity.serviceUrl = connector.serviceUrl;
      activity.conversation = { ...activity.conversation, id: conversation, tenantId: tenant };
      activity.channelData = { ...(activity.channelData as object), tenant: { id: tenant } };
      return activity;
    };
    const tenant = '00000000-0000-0000-0000-0000000000f1';
    for (let i = 0; i <= ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT; i++) {
      expect((await postActivity(bot.url, added(`19:flood-${i}@thread.tacv2`, tenant))).status).toBe(200);
    }
    const active = await bot.conversations.list('teams', { active: true });
    expect(active).toHaveLength(ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT);
    expect(connector.calls.filter((call) => call.body.text === welcome(DEFAULT_PRESENTATION))).toHaveLength(
      ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT,
    );
    expect(bot.logger.lines.some((line) => line.includes('not remembering a conversation'))).toBe(true);

    await postActivity(bot.url, added('19:other-tenant@thread.tacv2', '00000000-0000-0000-0000-0000000000f2'));
    expect(await bot.conversations.list('teams', { active: true })).toHaveLength(
      ANONYMOUS_MAX_CONVERSATIONS_PER_TENANT + 1,
    );
  });
});
