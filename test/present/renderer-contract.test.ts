import { describe, expect, it } from 'vitest';
import { answerCard } from '../../adapters/teams/cards.js';
import {
  type Answer,
  type Citation,
  COMMANDS,
  type Decline,
  type Presentation,
  type PrincipleSummary,
  partText,
  present,
  type Reply,
  type Suggestion,
  welcome,
} from '../../src/index.js';
import { GUIDANCE_2012_CITATION } from '../helpers.js';
import { flat, RENDERERS, teams } from './support/renderers.js';

// The renderer contract: every platform's renderer (Slack Block Kit, Teams Adaptive Cards, terminal text)
// is given the same replies and must show them the same way in its own format. A new platform's
// renderer joins `RENDERERS` (support/renderers.ts) and passes these checks before it ships.

// ---------------------------------------------------------------- the same replies for every renderer

const source: Citation = GUIDANCE_2012_CITATION;
const principle = (number: number): PrincipleSummary => ({
  id: `p${number}`,
  number,
  title: `Principle title ${number}`,
  summary: `Our summary ${number}.`,
});
const suggestion = (id: string, text: string, number: number): Suggestion => ({
  principle: principle(number),
  passage: { id, text, source },
});
const FIRST_ALTERNATIVE = suggestion('alt-one', 'First alternative.', 3);
const answer: Answer = {
  answered: true,
  ...suggestion('best', 'Do not engage with users who are aggressive.\n\nReport them instead.', 4),
  alternatives: [FIRST_ALTERNATIVE, suggestion('alt-two', 'Second alternative.', 5)],
  score: 0.9,
  truncated: false,
};
const principles = [1, 2, 3].map(principle);
const decline: Decline = {
  answered: false,
  reason: 'The guidance does not seem to cover that.',
  suggestions: principles,
};
const REPLIES = {
  answer: { kind: 'answer', result: answer },
  'weak answer': { kind: 'answer', result: { ...answer, weak: true, truncated: true } },
  decline: { kind: 'answer', result: decline },
  help: { kind: 'help', commands: COMMANDS },
  principles: { kind: 'principles', principles },
  principle: {
    kind: 'principle',
    principle: principle(2),
    passages: [answer.passage, FIRST_ALTERNATIVE.passage],
  },
  'unknown principle': { kind: 'unknown-principle', requested: '9', principles },
  week: { kind: 'week', week: '2026-W05', principle: principle(1), passage: answer.passage },
} satisfies Record<string, Reply>;
type Kind = keyof typeof REPLIES;

const NOT_STORED: Presentation = { storesQuestions: false };
const STORED: Presentation = { storesQuestions: true, retentionDays: 30 };
const CONTACT = { name: 'the digital communications team', where: '#social-media-help' };
const CHANNEL_CONTACT: Presentation = { storesQuestions: false, contact: CONTACT };
const LINK_CONTACT: Presentation = {
  storesQuestions: false,
  contact: { name: 'the digital communications team', where: 'https://intranet.example.gov.uk/social-media-help' },
};

describe.each(RENDERERS)('the $name renderer', (renderer) => {
  const render = (reply: Reply, presentation = NOT_STORED) => renderer.render(reply, presentation);

  it('shows the principle as the heading of an answer', () => {
    expect(renderer.headings(render(REPLIES.answer))[0]).toBe('Principle 4: Principle title 4');
  });

  it('marks the passage as a verbatim quote, word for word', () => {
    const quotes = renderer.quotes(render(REPLIES.answer)).map(flat);
    expect(quotes).toEqual([flat(answer.passage.text)]);
  });

  it('cites the source, with a link and the licence', () => {
    const output = render(REPLIES.answer);
    expect(renderer.visible(output)).toContain('Social Media Guidance for Civil Servants, May 2012, Part one');
    expect(renderer.visible(output)).toContain(source.licence);
    expect(renderer.links(output)).toContain(source.url);
  });

  it('labels our summary as ours', () => {
    expect(renderer.visible(render(REPLIES.answer))).toContain(
      'In short (our summary, not the guidance’s words): Our summary 4.',
    );
  });

  it.each(Object.keys(REPLIES) as Kind[])('says every sentence the core has for a %s', (kind) => {
    const reply: Reply = REPLIES[kind];
    const visible = flat(renderer.visible(render(reply)));
    const sentences = present(reply, { presentation: NOT_STORED }).parts.flatMap(partText);
    expect(sentences.length).toBeGreaterThan(0);
    for (const sentence of sentences) expect(visible).toContain(flat(sentence));
  });

  it('lists the principles in a decline', () => {
    const visible = renderer.visible(render(REPLIES.decline));
    expect(visible).toContain(decline.reason);
    for (const shown of principles) expect(visible).toContain(`Principle ${shown.number}: ${shown.title}`);
  });

  it('tells the truth about what is kept, in help', () => {
    expect(renderer.visible(render(REPLIES.help, NOT_STORED))).toContain('Nothing you ask is stored.');
    const stored = renderer.visible(render(REPLIES.help, STORED));
    expect(stored).not.toContain('Nothing you ask is stored');
    expect(stored).toContain('What you ask is kept, without your name, for 30 days');
  });

  it('names the contact on declines, doubtful answers and help when configured, and not otherwise', () => {
    const line = 'Not sure? Ask the digital communications team in #social-media-help.';
    for (const kind of ['decline', 'weak answer', 'help'] as const) {
      expect(renderer.visible(render(REPLIES[kind], CHANNEL_CONTACT)), kind).toContain(line);
      expect(renderer.visible(render(REPLIES[kind], NOT_STORED)), kind).not.toContain('Not sure?');
    }
    // A confident answer needs no "not sure".
    expect(renderer.visible(render(REPLIES.answer, CHANNEL_CONTACT))).not.toContain('Not sure?');
    const linked = render(REPLIES.decline, LINK_CONTACT);
    expect(renderer.links(linked)).toContain('https://intranet.example.gov.uk/social-media-help');
    expect(renderer.visible(linked)).toContain('Not sure? Ask the digital communications team at https://');
  });

  it('shows user and knowledge text as written: no mention, markup or control character acts', () => {
    const hostile = '<@U123> <!channel> & **bold** [x](https://evil.example) <b>html</b>';
    const tricky: Answer = {
      ...answer,
      ...suggestion('tricky', `Quote ${hostile}\u0007\u001b[2J`, 4),
      alternatives: [],
      principle: { ...principle(4), title: `Title ${hostile}` },
    };
    const output = render({ kind: 'answer', result: tricky });
    renderer.expectInert(output);
    expect(renderer.visible(output)).toContain(`Quote ${hostile}`);
    expect(renderer.headings(output)[0]).toBe(`Principle 4: Title ${hostile}`);
    if (!renderer.plainText) expect(renderer.links(output)).not.toContain('https://evil.example');
    const unknown = render({ kind: 'unknown-principle', requested: `x\u001b[2J\u0007${hostile}`, principles });
    expect(JSON.stringify(unknown)).not.toMatch(/\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)/);
    renderer.expectInert(unknown);
    expect(renderer.visible(unknown)).toContain(hostile);
    if (!renderer.plainText) expect(renderer.links(unknown)).toEqual([]);
  });

  it('keeps within the platform’s size limits, with a huge passage and a principle of many passages', () => {
    const huge = `${'word & <word> '.repeat(2_000)}end.`;
    const big: Answer = { ...answer, ...suggestion('huge', huge, 4), alternatives: [suggestion('a', huge, 3)] };
    renderer.expectWithinLimits(render({ kind: 'answer', result: big }));
    renderer.expectWithinLimits(render({ kind: 'answer', result: { ...big, weak: true } }));
    const many = Array.from({ length: 120 }, (_, index) => ({ ...answer.passage, id: `p${index}`, text: huge }));
    renderer.expectWithinLimits(render({ kind: 'principle', principle: principle(6), passages: many }));
    renderer.expectWithinLimits(render(REPLIES.help, { ...STORED, contact: CONTACT }));
  });
});

describe('the renderers together', () => {
  it('show the same numbered passages for a principle (five, then how many more)', () => {
    const passages = Array.from({ length: 8 }, (_, index) => ({
      ...answer.passage,
      id: `p${index}`,
      text: `Passage ${index}.`,
    }));
    const reply: Reply = { kind: 'principle', principle: principle(2), passages };
    for (const renderer of RENDERERS) {
      const output = renderer.render(reply, NOT_STORED);
      expect(renderer.quotes(output), renderer.name).toEqual([
        'Passage 0.',
        'Passage 1.',
        'Passage 2.',
        'Passage 3.',
        'Passage 4.',
      ]);
      expect(renderer.visible(output), renderer.name).toContain('…and 3 more passages under this principle.');
    }
  });

  it('welcome people (the Teams install message) with the truth about what is kept, and the contact', () => {
    expect(welcome(NOT_STORED)).toContain('Nothing you ask is stored.');
    expect(welcome(STORED)).not.toContain('Nothing you ask is stored');
    expect(welcome(STORED)).toContain('What you ask is kept, without your name, for 30 days');
    expect(welcome(CHANNEL_CONTACT)).toContain('Not sure? Ask the digital communications team in #social-media-help.');
  });

  it('give a checked message the same lead and answer on Teams as the core says', () => {
    const card = answerCard(decline, { lead: 'Can I reply to this?', presentation: CHANNEL_CONTACT });
    expect(teams.visible(card)).toContain('Not sure? Ask the digital communications team in #social-media-help.');
  });
});
