import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/constants.js';
import { renderHome, renderReply, renderSuggestion, type SlackMessage } from '../../adapters/slack/render.js';
import {
  type Answer,
  type Citation,
  COMMANDS,
  type Core,
  type Reply,
  type Suggestion,
  WEAK_ANSWER_LEAD,
} from '../../src/index.js';
import { GUIDANCE_2012_CITATION } from '../helpers.js';
import type { Json } from './support/fixtures.js';
import { testCore } from './support/harness.js';

// The renderer is pure: these check what no Slack message may ever carry, whatever the core says.

let core: Core;
beforeAll(() => {
  core = testCore();
});

const PINGS = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<https://evil.example|our intranet>'];
const HOSTILE = `${PINGS.join(' ')} & more`;

/** Every string in a message: text fields, fallbacks, button labels and values. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** No ping anywhere in `message`, but for the sharer's credit (`Shared by <@U…>`), which is ours. */
function expectNoPings(message: unknown, credit?: string): void {
  for (const text of strings(message).map((string) =>
    credit ? string.replace(`Shared by <@${credit}>`, '') : string,
  )) {
    for (const ping of PINGS) expect(text).not.toContain(ping);
    expect(text).not.toMatch(/<[!@#]/);
    // Every & starts an escape, so nothing can smuggle one in.
    expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  }
}

/** A suggestion whose knowledge file text tries every ping (a department's file could hold anything). */
const hostileSuggestion: Suggestion = {
  principle: { id: 'p', number: 1, title: `Principle <!here> & co`, summary: `Summary <@U123>` },
  passage: {
    id: 'hostile-passage',
    text: `Quote ${HOSTILE}\nSecond line <!channel>`,
    source: {
      title: `Title <!everyone>`,
      publisher: 'P',
      published: '2012 & 2014',
      section: `Section <#C123>`,
      url: 'https://example.gov.uk/guidance|<!channel>',
      licence: 'OGL <v3>',
    },
  },
};

describe('escaping', () => {
  it.each([
    `can I reply to this? ${HOSTILE}`,
    `principle ${HOSTILE}`,
    `${HOSTILE} tweet`,
    `what about <!here> and <@U123> on twitter & facebook`,
  ])('a question %j leaves no ping in any text field, whatever the reply', (question) => {
    const reply = core.respond(question);
    expectNoPings(renderReply(reply, { share: true }));
    expectNoPings(renderReply(reply, { feedback: 'thanks', sharedBy: 'U999' }), 'U999');
  });

  it('echoes a requested principle name escaped', () => {
    const message = renderReply({ kind: 'unknown-principle', requested: '<!channel>', principles: core.principles() });
    expectNoPings(message);
    expect(JSON.stringify(message.blocks)).toContain('&lt;!channel&gt;');
  });

  it('escapes text from knowledge files too, and drops a link that is not a plain address', () => {
    const message = renderSuggestion(hostileSuggestion, { share: true });
    expectNoPings(message);
    expect(JSON.stringify(message)).toContain('Quote &lt;!channel&gt;');
    expect(JSON.stringify(message)).not.toContain('example.gov.uk');
  });

  it('credits a sharer only by a real user id', () => {
    const answer = core.respond('can I reply to a tweet about our policy?');
    expect(JSON.stringify(renderReply(answer, { sharedBy: 'U0ABC123' }))).toContain('Shared by <@U0ABC123>');
    expect(JSON.stringify(renderReply(answer, { sharedBy: '!channel' }))).not.toContain('Shared by');
  });
});

describe('Slack’s limits', () => {
  function expectWithinLimits(message: SlackMessage): void {
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text.length).toBeGreaterThan(0);
    for (const block of message.blocks as Json[]) {
      if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'actions') {
        for (const element of block.elements) {
          expect(element.value.length).toBeLessThanOrEqual(2000);
          expect(element.text.text.length).toBeLessThanOrEqual(75);
        }
      }
    }
  }

  it('a 10,000-character passage and a 400-character title are cut to fit', () => {
    const long: Suggestion = {
      principle: { ...hostileSuggestion.principle, title: 'T&'.repeat(200) },
      passage: { ...hostileSuggestion.passage, text: 'word & <word> '.repeat(700) },
    };
    const message = renderSuggestion(long, { share: true });
    expectWithinLimits(message);
    const quote = message.blocks[1] as { text: { text: string } };
    expect(quote.text.text).toMatch(/…”$/);
    expect(quote.text.text).not.toMatch(/&[a-z]*…/); // never cut inside an escape
  });

  it('a principle with over a hundred passages stays within 50 blocks and says how many more there are', () => {
    const largest = core
      .principles()
      .map((p) => core.principle(p.id))
      .sort((a, b) => (b?.passages.length ?? 0) - (a?.passages.length ?? 0))[0];
    expect(largest?.passages.length).toBeGreaterThan(25);
    const message = renderReply(largest as Reply, { share: true });
    expectWithinLimits(message);
    expect(JSON.stringify(message.blocks)).toMatch(/and \d+ more passages/);
  });

  it('every reply to every command is within the limits', () => {
    for (const text of [
      'help',
      'principles',
      'principle 1',
      'principle 6',
      'week',
      'can I reply to a tweet?',
      'bake off recipes',
    ]) {
      expectWithinLimits(renderReply(core.respond(text), { share: true }));
    }
  });

  it('button values carry ids, never the question', () => {
    const question = 'can I reply to the journalist who tweeted at our minister?';
    const values = renderReply(core.respond(question), { share: true })
      .blocks.filter((block) => block.type === 'actions')
      .flatMap((block) => ('elements' in block ? block.elements : []))
      .map((element) => ('value' in element ? String(element.value) : ''));
    expect(values.length).toBeGreaterThan(0);
    // Passage ids may hold words of the guidance ("ministers-…"); the question's own words are never there.
    for (const value of values) expect(value).not.toMatch(/journalist|tweeted|our minister/);
  });

  it('the Home tab is within the 100 blocks of a view', () => {
    const home = renderHome(core.week(), core.principles(), COMMANDS, core.presentation);
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expectNoPings(home);
  });
});

describe('declines', () => {
  it('say so plainly and list the principles, with no buttons', () => {
    const reply = core.respond('any good recipes for the bake off?');
    expect(reply).toMatchObject({ kind: 'answer', result: { answered: false } });
    const message = renderReply(reply, { share: true });
    expect(message.text).toContain('does not seem to cover that');
    for (const principle of core.principles()) expect(JSON.stringify(message.blocks)).toContain(principle.title);
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
  });
});

describe('weak answers', () => {
  const source: Citation = GUIDANCE_2012_CITATION;
  const suggestion = (id: string, text: string, number: number): Suggestion => ({
    principle: { id: `p${number}`, number, title: `Principle title ${number}`, summary: `Our summary ${number}.` },
    passage: { id, text, source },
  });
  const answer: Answer = {
    answered: true,
    ...suggestion('best', 'Do not engage with users who are aggressive.', 4),
    alternatives: [suggestion('alt-one', 'First alternative.', 3), suggestion('alt-two', 'Second alternative.', 5)],
    score: 0.2,
    truncated: false,
  };
  const weak: Answer = { ...answer, weak: true };
  const render = (result: Answer) => renderReply({ kind: 'answer', result }, { share: true });
  const texts = (message: SlackMessage) => strings(message.blocks);
  const actionIds = (message: SlackMessage) =>
    message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements.map((e) => e.action_id) : []));

  it('say the guidance may not cover it, then list every passage as a closest passage with its principle, quote and source', () => {
    const message = render(weak);
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: WEAK_ANSWER_LEAD } });
    expect(message.blocks.slice(1, 10)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*1. Principle 4: Principle title 4*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '> “Do not engage with users who are aggressive.”' } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Social Media Guidance for Civil Servants, May 2012, Part one · <${source.url}|www.gov.uk> · Open Government Licence v3.0`,
          },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*2. Principle 3: Principle title 3*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '> “First alternative.”' } },
      expect.objectContaining({ type: 'context' }),
      { type: 'section', text: { type: 'mrkdwn', text: '*3. Principle 5: Principle title 5*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '> “Second alternative.”' } },
      expect.objectContaining({ type: 'context' }),
    ]);
    expect(message.text.startsWith(`${WEAK_ANSWER_LEAD} Principle 4: Principle title 4: “Do not engage`)).toBe(true);
  });

  it('do not assert a passage as the answer: no principle header, summary, "Also relevant" or alternative buttons', () => {
    const message = render(weak);
    expect(message.blocks.some((block) => block.type === 'header')).toBe(false);
    expect(texts(message).join('\n')).not.toMatch(/In short|Also relevant/);
    expect(actionIds(message)).toEqual([ACTIONS.helpful, ACTIONS.notHelpful, ACTIONS.share]);
  });

  it('keep their weakness in the buttons, so that feedback and sharing show them weak again', () => {
    const message = render(weak);
    const values = message.blocks.flatMap((block) =>
      block.type === 'actions' ? block.elements.map((e) => JSON.parse(String('value' in e ? e.value : ''))) : [],
    );
    expect(values).toEqual([
      { r: { k: 'answer', p: 'best', a: ['alt-one', 'alt-two'], w: 1 }, s: 1 },
      { r: { k: 'answer', p: 'best', a: ['alt-one', 'alt-two'], w: 1 }, s: 1 },
      { k: 'answer', p: 'best', a: ['alt-one', 'alt-two'], w: 1 },
    ]);
  });

  it('leave an answer that is not weak exactly as it was', () => {
    const message = render(answer);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Principle 4: Principle title 4' } });
    expect(texts(message).join('\n')).not.toContain(WEAK_ANSWER_LEAD);
    expect(texts(message)).toContain(
      '*Also relevant:*\n1. “First alternative.” (principle 3; Social Media Guidance for Civil Servants, May 2012, Part one)\n' +
        '2. “Second alternative.” (principle 5; Social Media Guidance for Civil Servants, May 2012, Part one)',
    );
    expect(actionIds(message)).toEqual([
      'show_alternative_1',
      'show_alternative_2',
      ACTIONS.helpful,
      ACTIONS.notHelpful,
      ACTIONS.share,
    ]);
    expect(message.text).toBe(
      'Principle 4: Principle title 4: “Do not engage with users who are aggressive.” — Social Media Guidance for Civil Servants, May 2012, Part one',
    );
  });
});

describe('citations', () => {
  const edition2014: Suggestion = {
    principle: { id: 'p6', number: 6, title: 'Principle title 6', summary: 'Our summary.' },
    passage: {
      id: 'smg14-like',
      text: 'Quote.',
      source: {
        title: 'Social media guidance for civil servants: October 2014',
        publisher: 'Cabinet Office',
        published: 'October 2014 (updated 20 October 2014)',
        section: 'Foreword by Francis Maude',
        url: 'https://www.gov.uk/guidance',
        licence: 'Open Government Licence v3.0',
      },
    },
  };

  it('show a date the title already gives once, in the source line and the plain text', () => {
    const message = renderSuggestion(edition2014);
    const cited =
      'Social media guidance for civil servants: October 2014, updated 20 October 2014, Foreword by Francis Maude';
    expect(strings(message.blocks)).toContain(
      `${cited} · <https://www.gov.uk/guidance|www.gov.uk> · Open Government Licence v3.0`,
    );
    expect(message.text).toBe(`Principle 6: Principle title 6: “Quote.” — ${cited}`);
    expect(JSON.stringify(message)).not.toContain('October 2014, October 2014');
  });

  it('show a passage date that the section repeats once', () => {
    const repeated: Suggestion = {
      ...edition2014,
      passage: {
        ...edition2014.passage,
        source: {
          ...edition2014.passage.source,
          title: 'A guide',
          published: 'October 2014',
          section: 'Foreword (October 2014)',
        },
      },
    };
    expect(renderSuggestion(repeated).text).toBe(
      'Principle 6: Principle title 6: “Quote.” — A guide, Foreword (October 2014)',
    );
  });

  it('show no date twice for any bundled passage', () => {
    const date =
      /\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/g;
    for (const { id } of core.knowledge.passages) {
      const line =
        renderSuggestion(core.passage(id) as Suggestion)
          .text.split(' — ')
          .pop() ?? '';
      const dates = line.match(date) ?? [];
      expect(new Set(dates).size, `${id}: ${line}`).toBe(dates.length);
    }
  });
});
