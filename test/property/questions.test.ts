import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, renderReply, type SlackMessage } from '../../adapters/slack/render.js';
import { type AdaptiveCard, MAX_CARD_BYTES, replyCard } from '../../adapters/teams/cards.js';
import type { Reply } from '../../src/index.js';
import type { Json } from '../slack/support/fixtures.js';
import { testCore } from '../slack/support/harness.js';

// Any question, of any size and script, to core.respond and core.answer: a Reply, never an exception.
// And any reply to any question, rendered for Slack and Teams: valid, within the platform's limits,
// with nothing typed by the person able to ping, link or format.

const core = testCore();

/** Questions: any Unicode, Slack's and Teams' special syntax mixed in, sometimes huge. */
const question = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom('can I reply to this tweet', 'principle', 'principles', 'help', 'week', 'policy', 'post'),
          fc.constantFrom('<!channel>', '<!here>', '<@U123>', '<#C1|x>', '<https://evil.example|gov.uk>', '&amp;'),
          // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax, typed on purpose.
          fc.constantFrom('[x](javascript:y)', '"}]}', '${a}', '*b*', '_i_', '`c`', '\u0000', '\u001b[2J', '\r\n'),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
        ),
        { maxLength: 30 },
      )
      .map((words) => words.join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 4_000, maxLength: 120_000 }) },
);

describe('the core', () => {
  it('answers or declines any question (respond and answer, with or without context); never throws', () => {
    fc.assert(
      fc.property(question, fc.option(question), (text, context) => {
        const reply = core.respond(text, context === null ? {} : { context });
        expect(['answer', 'help', 'principles', 'principle', 'unknown-principle', 'week']).toContain(reply.kind);
        const result = core.answer({ question: text, ...(context === null ? {} : { context }) });
        expect(typeof result.answered).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});

/** Every string in a payload. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

const knownUrls = new Set([
  ...core.knowledge.sources.map((source) => source.url),
  ...core.knowledge.passages.flatMap((passage) => passage.url ?? []),
]);

function expectValidSlack(message: SlackMessage): void {
  expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  for (const block of message.blocks as Json[]) {
    expect(['section', 'header', 'context', 'actions', 'divider']).toContain(block.type);
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'context')
      for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'actions') {
      for (const element of block.elements) {
        expect(element.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(element.value.length).toBeLessThanOrEqual(2000);
      }
    }
  }
  for (const text of strings(message)) {
    const withoutOurLinks = text
      .replace(/<(https?:\/\/[^|<>]+)\|[^<>]*>/g, (link, url: string) => (knownUrls.has(url) ? '' : link))
      .replace(/<@U[A-Z0-9]+>/g, '');
    expect(withoutOurLinks).not.toContain('<');
    expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  }
}

function expectValidCard(card: AdaptiveCard): void {
  const json = JSON.stringify(card);
  expect(JSON.parse(json)).toEqual(card);
  expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.2' });
  for (const action of card.actions ?? []) if ('url' in action) expect(knownUrls.has(action.url)).toBe(true);
}

describe('rendering any reply to any question', () => {
  it('Slack: valid Block Kit within the limits; Teams: a card that parses, under 28 KB', () => {
    fc.assert(
      fc.property(question, (text) => {
        const reply = core.respond(text);
        for (const options of [{}, { share: true }, { feedback: 'thanks' as const, sharedBy: 'U0SHARER' }]) {
          expectValidSlack(renderReply(reply, options));
        }
        expectValidCard(replyCard(reply));
      }),
      { numRuns: 200 },
    );
  });

  it('a principle asked for by any name is echoed escaped, on both platforms', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (requested) => {
        const reply: Reply = { kind: 'unknown-principle', requested, principles: core.principles() };
        expectValidSlack(renderReply(reply));
        const card = replyCard(reply);
        expectValidCard(card);
        const shown = strings(card.body).find((value) => value.startsWith('There is no principle'));
        expect(shown).toBeDefined();
        expect(shown).not.toMatch(/(?<!\\)[[\]*_`~]/);
      }),
      { numRuns: 200 },
    );
  });
});
