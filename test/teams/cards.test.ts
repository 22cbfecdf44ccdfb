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
import { type Answer, type Decline, type Suggestion, WEAK_ANSWER_LEAD } from '../../src/index.js';
import { GUIDANCE_2012_CITATION } from '../helpers.js';
import { cardStrings, sharedCore } from './helpers.js';

const core = sharedCore();
const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');

const source = GUIDANCE_2012_CITATION;
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
    expect(cardStrings(card.body)).toContain('In short (our summary, not the guidance’s words): Our summary.');
  });

  it('has Helpful / Not helpful and one button per alternative, carrying ids only', () => {
    const shownRef = { k: 'answer', p: 'main-passage', a: ['alt-one', 'alt-two'] };
    const submits = (card.actions ?? []).filter(
      (action): action is Extract<CardButton, { type: 'Action.Submit' }> => action.type === 'Action.Submit',
    );
    expect(submits.map((action) => [action.title, action.data])).toEqual([
      // `r`: the answer shown (ids only), to show it again with the vote in place of the buttons.
      ['Helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'helpful', r: shownRef }],
      ['Not helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'not-helpful', r: shownRef }],
      ['Show alternative 1', { action: 'alternative', passageId: 'alt-one' }],
      ['Show alternative 2', { action: 'alternative', passageId: 'alt-two' }],
    ]);
    expect(cardStrings(card.body).join('\n')).toContain('1\\. “First alternative.” (principle 3;');
  });

  it('declares an Adaptive Card version every Teams client renders, with a plain fallback', () => {
    expect(card.version).toBe(CARD_VERSION);
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(card.fallbackText).toBe(
      'Principle 4: Principle title 4: “Do not engage with users who are aggressive. Second paragraph.” — Social Media Guidance for Civil Servants, May 2012, Part one',
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
    expect(strings).toContain('In short (our summary, not the guidance’s words): Be \\*\\*bold\\*\\*.');
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

describe('weak answer card', () => {
  const weak: Answer = {
    ...answer('Do not engage with users who are aggressive.\n\nSecond paragraph.', [
      suggestion('alt-one', 'First alternative.', 3),
      suggestion('alt-two', 'Second alternative.', 5),
    ]),
    weak: true,
  };
  const card = answerCard(weak);
  const submits = (actions: CardButton[] = []) =>
    actions.flatMap((action) => (action.type === 'Action.Submit' ? [[action.title, action.data]] : []));

  it('says the guidance may not cover it, then lists every passage with its principle, quote and source', () => {
    expect(card.body[0]).toEqual({
      type: 'TextBlock',
      text: WEAK_ANSWER_LEAD,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    });
    const principles = card.body.filter((element) => element.weight === 'Bolder').map((element) => element.text);
    expect(principles).toEqual([
      WEAK_ANSWER_LEAD,
      '1\\. Principle 4: Principle title 4',
      '2\\. Principle 3: Principle title 3',
      '3\\. Principle 5: Principle title 5',
    ]);
    const quotes = card.body.filter((element) => element.type === 'Container');
    expect(quotes.map((quote) => cardStrings(quote).filter((value) => /[“”]/.test(value)))).toEqual([
      ['“Do not engage with users who are aggressive.', 'Second paragraph.”'],
      ['“First alternative.”'],
      ['“Second alternative.”'],
    ]);
    expect(quotes.every((quote) => quote.style === 'emphasis')).toBe(true);
    expect(cardStrings(card.body).filter((value) => value.startsWith('— '))).toEqual([
      '— Social Media Guidance for Civil Servants, May 2012, Part one',
      '— Social Media Guidance for Civil Servants, May 2012, Part one',
      '— Social Media Guidance for Civil Servants, May 2012, Part one',
    ]);
  });

  it('does not assert a passage as the answer: no summary, no "Also relevant", no alternative buttons', () => {
    const weakRef = { k: 'answer', p: 'main-passage', a: expect.any(Array), w: 1 };
    const strings = cardStrings(card.body).join('\n');
    expect(strings).not.toContain('In short');
    expect(strings).not.toContain('Also relevant');
    expect(submits(card.actions)).toEqual([
      ['Helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'helpful', r: weakRef }],
      ['Not helpful', { action: 'feedback', passageId: 'main-passage', verdict: 'not-helpful', r: weakRef }],
    ]);
    expect(card.actions?.[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open the source', url: source.url });
  });

  it('says so in its plain fallback too', () => {
    expect(card.fallbackText).toBe(
      `${WEAK_ANSWER_LEAD} Principle 4: Principle title 4: “Do not engage with users who are aggressive. Second paragraph.” — Social Media Guidance for Civil Servants, May 2012, Part one`,
    );
  });

  it('keeps the lead line, the truncation note, and no buttons for cards people insert themselves', () => {
    const inserted = answerCard({ ...weak, truncated: true }, { buttons: false, lead: 'You asked: can I?' });
    expect(inserted.body[0]).toMatchObject({ text: 'You asked: can I?' });
    expect(inserted.body[1]).toMatchObject({ text: WEAK_ANSWER_LEAD });
    expect(cardStrings(inserted.body)).toContain('(Your question was long, so only its beginning was read.)');
    expect(inserted.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the source', url: source.url }]);
  });

  it('leaves an answer that is not weak as it was', () => {
    const normal = answerCard({ ...weak, weak: undefined } as Answer);
    expect(normal.body[0]).toMatchObject({ text: 'Principle 4: Principle title 4', weight: 'Bolder' });
    expect(cardStrings(normal).join('\n')).not.toContain(WEAK_ANSWER_LEAD);
    expect(submits(normal.actions).map(([title]) => title)).toEqual([
      'Helpful',
      'Not helpful',
      'Show alternative 1',
      'Show alternative 2',
    ]);
  });

  it('stays well under 28 KB with three enormous closest passages', () => {
    const huge = `${'word '.repeat(12_000)}end.`;
    const big = answerCard({ ...answer(huge, [suggestion('a', huge), suggestion('b', huge)]), weak: true });
    expect(bytes(big)).toBeLessThan(MAX_CARD_BYTES);
    expect(cardStrings(big.body).filter((value) => value.startsWith('(Shortened here'))).toHaveLength(3);
  });
});

describe('citations', () => {
  const edition2014 = {
    ...source,
    title: 'Social media guidance for civil servants: October 2014',
    published: 'October 2014 (updated 20 October 2014)',
    section: 'Foreword by Francis Maude',
  };
  const cited =
    'Social media guidance for civil servants: October 2014, updated 20 October 2014, Foreword by Francis Maude';

  it('show a date the title already gives once: under the quote, in "Also relevant" and in the fallback', () => {
    const dated = suggestion('dated', 'Quote.');
    dated.passage.source = edition2014;
    const card = answerCard({ ...answer('Main.', [dated]), ...dated });
    expect(cardStrings(card.body)).toContain(`— ${cited}`);
    const main = answerCard(answer('Main.', [dated]));
    expect(cardStrings(main.body)).toContain(`1\\. “Quote.” (principle 4; ${cited})`);
    expect(suggestionCard(dated).fallbackText).toBe(`Principle 4: Principle title 4: “Quote.” — ${cited}`);
    expect(JSON.stringify([card, main])).not.toContain('October 2014, October 2014');
  });

  it('show a passage date that the section repeats once', () => {
    const dated = suggestion('dated', 'Quote.');
    dated.passage.source = {
      ...source,
      title: 'A guide',
      published: 'October 2014',
      section: 'Foreword (October 2014)',
    };
    expect(cardStrings(suggestionCard(dated).body)).toContain('— A guide, Foreword (October 2014)');
  });
});

describe('help card', () => {
  it('every command row has a title a Teams client shows: none reads as an HTML tag', () => {
    const help = replyCard(sharedCore().respond('help'));
    const factSet = help.body.find((element) => element.type === 'FactSet') as
      | { facts: Array<{ title: string; value: string }> }
      | undefined;
    expect(factSet?.facts.length).toBeGreaterThan(3);
    for (const { title } of factSet?.facts ?? []) {
      // What a client that drops tags shows.
      expect(title.replace(/<[^>]*>/g, '').trim()).not.toBe('');
      expect(title).not.toMatch(/<[a-z]/i);
    }
    expect(factSet?.facts[0]?.title).toBe('‹your question›');
  });
});
