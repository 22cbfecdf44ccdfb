import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../adapters/cli/render.js';
import { type Answer, type Citation, type Suggestion, WEAK_ANSWER_LEAD } from '../../src/index.js';
import { GUIDANCE_2012_CITATION } from '../helpers.js';

// The terminal renderer is pure: answers in, text out.

const source: Citation = GUIDANCE_2012_CITATION;

function suggestion(id: string, text: string, number: number, cited: Citation = source): Suggestion {
  return {
    principle: { id: `p${number}`, number, title: `Principle title ${number}`, summary: `Our summary ${number}.` },
    passage: { id, text, source: cited },
  };
}

const best = suggestion('best', 'Do not engage with users who are aggressive.\n\nReport them instead.', 4);
const others = [suggestion('alt-one', 'First alternative.', 3), suggestion('alt-two', 'Second alternative.', 5)];
const answer: Answer = { answered: true, ...best, alternatives: others, score: 0.9, truncated: false };
const plain = (result: Answer) => renderPlain({ kind: 'answer', result });

describe('an answer', () => {
  it('renders as it always has: the principle, the quote and its source, our summary, and "Also relevant"', () => {
    expect(plain(answer)).toBe(
      [
        'Principle 4: Principle title 4',
        '',
        '  “Do not engage with users who are aggressive.',
        '   Report them instead.”',
        '   — Social Media Guidance for Civil Servants, May 2012, Part one',
        `     ${source.url}`,
        '     Open Government Licence v3.0',
        '',
        'In short (our summary, not the guidance’s words): Our summary 4.',
        '',
        'Also relevant:',
        '  1. “First alternative.” (principle 3; Social Media Guidance for Civil Servants, May 2012, Part one)',
        '  2. “Second alternative.” (principle 5; Social Media Guidance for Civil Servants, May 2012, Part one)',
      ].join('\n'),
    );
  });
});

describe('a weak answer', () => {
  const weak: Answer = { ...answer, weak: true };

  it('says the guidance may not cover it, then shows every passage whole as the closest passages', () => {
    expect(plain(weak)).toBe(
      [
        WEAK_ANSWER_LEAD,
        '',
        '1. Principle 4: Principle title 4',
        '',
        '  “Do not engage with users who are aggressive.',
        '   Report them instead.”',
        '   — Social Media Guidance for Civil Servants, May 2012, Part one',
        `     ${source.url}`,
        '     Open Government Licence v3.0',
        '',
        '2. Principle 3: Principle title 3',
        '',
        '  “First alternative.”',
        '   — Social Media Guidance for Civil Servants, May 2012, Part one',
        `     ${source.url}`,
        '     Open Government Licence v3.0',
        '',
        '3. Principle 5: Principle title 5',
        '',
        '  “Second alternative.”',
        '   — Social Media Guidance for Civil Servants, May 2012, Part one',
        `     ${source.url}`,
        '     Open Government Licence v3.0',
      ].join('\n'),
    );
    expect(WEAK_ANSWER_LEAD).toBe('The guidance may not cover this directly. The closest passages are:');
  });

  it('does not assert the passage as the answer: no principle heading first, no summary, no "Also relevant"', () => {
    const text = plain(weak);
    expect(text.startsWith('Principle ')).toBe(false);
    expect(text).not.toContain('In short');
    expect(text).not.toContain('Also relevant');
  });

  it('with no alternatives shows the one closest passage, and still says when the question was cut', () => {
    const text = plain({ ...weak, alternatives: [], truncated: true });
    expect(text.split('\n').slice(0, 3)).toEqual([WEAK_ANSWER_LEAD, '', '1. Principle 4: Principle title 4']);
    expect(text).not.toContain('2. Principle');
    expect(text.endsWith('\n\n(Your question was long, so only its beginning was read.)')).toBe(true);
  });
});

describe('citations', () => {
  const edition2014: Citation = {
    ...source,
    title: 'Social media guidance for civil servants: October 2014',
    published: 'October 2014 (updated 20 October 2014)',
    section: 'Foreword by Francis Maude',
  };

  it('show a date the title already gives once, keeping what else the date line says', () => {
    const text = plain({ ...answer, ...suggestion('x', 'Quote.', 6, edition2014), alternatives: [] });
    expect(text).toContain(
      '   — Social media guidance for civil servants: October 2014, updated 20 October 2014, Foreword by Francis Maude\n',
    );
    expect(text).not.toMatch(/October 2014, October 2014/);
  });

  it('show a passage date that the section repeats once, in the quote and in "Also relevant"', () => {
    const repeated: Citation = {
      ...source,
      title: 'A guide',
      published: 'October 2014',
      section: 'Foreword (October 2014)',
    };
    const text = plain({
      ...answer,
      ...suggestion('x', 'Quote.', 6, repeated),
      alternatives: [suggestion('y', 'Other.', 2, repeated)],
    });
    expect(text).toContain('   — A guide, Foreword (October 2014)\n');
    expect(text).toContain('(principle 2; A guide, Foreword (October 2014))');
    expect(text.match(/October 2014/g)).toHaveLength(2);
  });

  it('leave a line with no repeated date exactly as it was', () => {
    const cited: Citation = {
      ...source,
      title: 'The Civil Service Code',
      published: '16 March 2015 (current GOV.UK version)',
    };
    expect(plain({ ...answer, ...suggestion('x', 'Quote.', 6, cited), alternatives: [] })).toContain(
      '   — The Civil Service Code, 16 March 2015 (current GOV.UK version), Part one\n',
    );
  });
});
