import { describe, expect, it } from 'vitest';
import {
  type AdaptiveCard,
  answerCard,
  CARD_VERSION,
  type CardButton,
  escapeMarkdown,
  MAX_CARD_BYTES,
  replyCard,
  suggestionCard,
} from '../../adapters/teams/cards.js';
import type { Answer, Decline, Suggestion } from '../../src/index.js';
import { cardStrings, sharedCore } from './helpers.js';

const core = sharedCore();
const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');

const source = {
  title: 'Social Media Guidance for Civil Servants',
  publisher: 'GDS and Home Office',
  published: 'May 2012',
  section: 'Part one',
  url: 'https://www.gov.uk/government/publications/social-media-guidance-for-civil-servants',
  licence: 'Open Government Licence v3.0',
};
function suggestion(id: string, text: string, number = 4): Suggestion {
  return {
    principle: { id: `p${number}`, number, title: `Principle title ${number}`, summary: 'Our summary.' },
    passage: { id, text, source },
  };
}
function answer(text: string, alternatives: Suggestion[] = []): Answer {
  return { answered: true, ...suggestion('main-passage', text), alternatives, score: 0.9, truncated: false };
}

describe('answer card', () => {
  const card = answerCard(
    answer('Do not engage with users who are aggressive.\n\nSecond paragraph.', [
      suggestion('alt-one', 'First alternative.', 3),
      suggestion('alt-two', 'Second alternative.', 5),
    ]),
  );

  it('shows the principle as a bold TextBlock first', () => {
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Principle 4: Principle title 4', weight: 'Bolder' });
  });

  it('sets the passage apart as a quote in an emphasis container, one TextBlock a paragraph', () => {
    const quote = card.body.find((element) => element.type === 'Container');
    expect(quote).toMatchObject({ style: 'emphasis' });
    expect(cardStrings(quote).filter((value) => value !== 'TextBlock' && value !== 'Container')).toEqual([
      'emphasis',
      'Medium',
      '“Do not engage with users who are aggressive.',
      'Second paragraph.”',
    ]);
  });

  it('cites the source and links to it', () => {
    const strings = cardStrings(card.body);
    expect(strings).toContain('— Social Media Guidance for Civil Servants, May 2012, Part one');
    expect(strings).toContain('Open Government Licence v3.0');
    expect(card.actions?.[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open the source', url: source.url });
  });

  it('marks our summary as ours', () => {
    expect(cardStrings(card.body)).toContain("In short (our summary, not the guidance's words): Our summary.");
  });

  it('has Helpful / Not helpful and one button per alternative, carrying ids only', () => {
    const submits = (card.actions ?? []).filter(
      (action): action is Extract<CardButton, { type: 'Action.Submit' }> => action.type === 'Action.Submit',
    );
    expect(submits.map((action) => [action.title, action.data])).toEqual([
      ['Helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'helpful' }],
      ['Not helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'not-helpful' }],
      ['Show alternative 1', { action: 'alternative', passageId: 'alt-one' }],
      ['Show alternative 2', { action: 'alternative', passageId: 'alt-two' }],
    ]);
    expect(cardStrings(card.body).join('\n')).toContain('Alternative 1: “First alternative.” (principle 3;');
  });

  it('declares an Adaptive Card version every Teams client renders, with a plain fallback', () => {
    expect(card.version).toBe(CARD_VERSION);
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(card.fallbackText).toBe(
      'Principle 4: Principle title 4: “Do not engage with users who are aggressive. Second paragraph.” (Social Media Guidance for Civil Servants, May 2012, Part one)',
    );
    expect(JSON.stringify(card)).not.toContain('entities');
  });

  it('drops the bot buttons for cards people insert themselves, keeping the link', () => {
    const inserted = suggestionCard(suggestion('main-passage', 'Text.'), { buttons: false });
    expect(inserted.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the source', url: source.url }]);
  });

  it('links only to web addresses', () => {
    const odd = suggestion('odd', 'Text.');
    odd.passage.source = { ...source, url: 'javascript:alert(1)' };
    expect(JSON.stringify(suggestionCard(odd))).not.toContain('javascript:');
  });
});

describe('Markdown from the knowledge (or a user) is shown as written, not interpreted', () => {
  it('escapes emphasis, links, code, strikethrough and list markers', () => {
    expect(escapeMarkdown('**bold** _it_ [x](https://evil.example) `code` ~gone~ a\\b')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\[x\\](https://evil.example) \\`code\\` \\~gone\\~ a\\\\b',
    );
    expect(escapeMarkdown('15. Your department\n- a bullet\n+ another\n1.5 stays')).toBe(
      '15\\. Your department\n\\- a bullet\n\\+ another\n1.5 stays',
    );
  });

  it('escapes quotes, titles and summaries in the card', () => {
    const tricky = answer('Click [here](https://evil.example) *now*\n15. Your department');
    tricky.principle = { ...tricky.principle, title: 'Use _care_', summary: 'Be **bold**.' };
    const strings = cardStrings(answerCard(tricky).body);
    expect(strings).toContain('Principle 4: Use \\_care\\_');
    expect(strings).toContain('“Click \\[here\\](https://evil.example) \\*now\\*');
    expect(strings).toContain('15\\. Your department”');
    expect(strings).toContain("In short (our summary, not the guidance's words): Be \\*\\*bold\\*\\*.");
  });

  it('leaves the bundled quotes untouched (the opening quote mark keeps "1." from being a list)', () => {
    const numbered = core.passage('smg14-five-3-doubts');
    expect(numbered).toBeDefined();
    const strings = cardStrings(suggestionCard(numbered as Suggestion).body);
    expect(strings).toContain(`“${numbered?.passage.text}”`);
  });
});

describe('declines and commands', () => {
  it('says plainly that the guidance does not cover it and lists the principles, without buttons', () => {
    const decline = core.answer({ question: 'any good recipes for the bake off?' }) as Decline;
    expect(decline.answered).toBe(false);
    const card = answerCard(decline);
    const strings = cardStrings(card.body);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: escapeMarkdown(decline.reason) });
    for (const principle of core.principles()) {
      expect(strings).toContain(`Principle ${principle.number}: ${principle.title}`);
    }
    expect(card.actions).toBeUndefined();
  });

  it('lists the commands in the help card', () => {
    const facts = cardStrings(replyCard(core.respond('help')).body);
    for (const usage of ['principles', 'principle 3', 'week', 'help']) expect(facts).toContain(usage);
  });

  it('shows at most five quotes for a principle and says how many more there are', () => {
    const reply = core.respond('principle 6');
    if (reply.kind !== 'principle') throw new Error('expected a principle');
    const card = replyCard(reply);
    expect(card.body.filter((element) => element.type === 'Container')).toHaveLength(
      Math.min(5, reply.passages.length),
    );
    if (reply.passages.length > 5) {
      expect(cardStrings(card.body).join('\n')).toContain(`…and ${reply.passages.length - 5} more passages`);
    }
  });
});

describe('card size', () => {
  it('keeps every command and answer card well under 28 KB', () => {
    const texts = [
      'help',
      'principles',
      'week',
      'principle 99',
      ...core.principles().map((principle) => `principle ${principle.number}`),
      'can I reply to this tweet about our policy?',
      'someone is being really abusive in our replies, do we answer?',
      'any good recipes for the bake off?',
    ];
    for (const text of texts) expect(bytes(replyCard(core.respond(text))), text).toBeLessThan(MAX_CARD_BYTES);
  });

  it('keeps every bundled passage under 28 KB as a card', () => {
    for (const passage of core.knowledge.passages) {
      const shown = core.passage(passage.id) as Suggestion;
      expect(bytes(suggestionCard(shown)), passage.id).toBeLessThan(MAX_CARD_BYTES);
    }
  });

  it('shortens an enormous passage, and says so, rather than exceed the limit', () => {
    const huge = answer(`${'word '.repeat(12_000)}end.`, [suggestion('a', 'x '.repeat(5_000))]);
    const card = answerCard(huge);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(cardStrings(card.body)).toContain('(Shortened here; open the source for the whole passage.)');
  });
});
