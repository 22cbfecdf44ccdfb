import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../adapters/slack/render.js';
import { eventFixture, fixture, type Json, uniqueTriggerId } from '../slack/support/fixtures.js';
import { testCore } from '../slack/support/harness.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';
import { CombinedServer } from './support/combined-server.js';
import { FOREIGN_CONTROLS, HOSTILE_QUESTIONS, NEVER_ECHOED, stringsIn } from './support/hostile-questions.js';

// Hostile questions through every Slack surface that answers one, on the combined server: each gets
// exactly one reply (an answer or a decline) and nothing from it comes back able to ping, link or
// format, checked on what actually reached the Web API stand-in (or the slash command's response).

const server = new CombinedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

/** As Slack sends typed text: its own tokens (<!here>, <@U…>, <#C…|…>, <url|label>) kept, & < > escaped. */
function asSlackSends(text: string): string {
  return text.replace(/<(?:[!@#][^<>]*|https?:\/\/[^<>]*)>|[&<>]/g, (match) =>
    match.length > 1 ? match : match === '&' ? '&amp;' : match === '<' ? '&lt;' : '&gt;',
  );
}

type Surface = 'mention' | 'direct message' | 'slash command';

async function ask(surface: Surface, question: string): Promise<Json[]> {
  server.reset();
  const text = asSlackSends(question);
  if (surface === 'slash command') {
    const response = await server.sendSlackCommand({
      ...fixture('slash_command'),
      command: '/guidance',
      text,
      trigger_id: uniqueTriggerId(),
      response_url: server.slackApi.responseUrl('command'),
    });
    expect(response.status).toBe(200);
    await server.settle();
    return [await response.json(), ...server.slackApi.calls.map((call) => call.body)];
  }
  const event =
    surface === 'mention'
      ? eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${text}` })
      : eventFixture('event_message_im', { text });
  expect((await server.sendSlackEvent(event)).status).toBe(200);
  await server.settle();
  return server.slackApi.calls.map((call) => call.body);
}

/** Text without our own links: a source's address from the knowledge (<https://…|host>), a sharer's <@U…>. */
function withoutOurLinks(text: string): string {
  const { sources, passages } = testCore().knowledge;
  const known = new Set([...sources.map((source) => source.url), ...passages.flatMap((passage) => passage.url ?? [])]);
  return text
    .replace(/<(https?:\/\/[^|<>]+)\|[^<>]*>/g, (link, url: string) => (known.has(url) ? '' : link))
    .replace(/<@U[A-Z0-9]+>/g, '');
}

function expectSafe(message: Json): void {
  for (const text of stringsIn(message)) {
    for (const never of NEVER_ECHOED) expect(text).not.toContain(never);
    expect(text).not.toMatch(/<!(channel|here|everyone)/);
    expect(text).not.toMatch(FOREIGN_CONTROLS);
    expect(withoutOurLinks(text)).not.toContain('<');
    // Every & starts an escape, so nothing can smuggle one in.
    expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  }
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  for (const block of message.blocks) {
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  }
}

describe.each<Surface>(['mention', 'direct message', 'slash command'])('through a %s', (surface) => {
  it.each(Object.entries(HOSTILE_QUESTIONS))('%s: one reply, nothing echoed unescaped', async (_name, question) => {
    const [reply, ...more] = await ask(surface, question);
    expect(more).toEqual([]);
    expectSafe(reply);
  });
});

it('100 KB of text is answered from its beginning, and says so', async () => {
  const [reply] = await ask('direct message', HOSTILE_QUESTIONS['100 KB'] as string);
  expect(JSON.stringify(reply.blocks)).toContain('only its beginning was read');
});
