import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, KnowledgeError, loadKnowledge } from '../../src/index.js';
import { copyFixture, fixtureKnowledge, makeTempDir, problemsIn, writeFile } from '../helpers.js';

// The fixture files, line by line, are in test/fixtures/knowledge/. Each test below copies the folder
// to a temp dir and rewrites one file, so the expected line numbers refer to the text written here.

const PASSAGE_FILE = 'passages/no-arguments.md';
const passage = (frontMatter: string, body = 'Do not argue with people who are rude to the account.\n') =>
  `---\n${frontMatter}---\n${body}`;
const NO_ARGUMENTS =
  'type: passage\nid: no-arguments\nprinciple: speak-carefully\nsource: fixture-guide\nsection: Replies\n';

const PRINCIPLE_FILE = 'principles/a-speak-carefully.md';
const principle = (fields: Record<string, string>) => {
  const all: Record<string, string> = {
    type: 'principle',
    id: 'speak-carefully',
    number: '2',
    title: 'Speak carefully on official accounts',
    summary: 'Think before you post.',
    ...fields,
  };
  const lines = Object.entries(all).flatMap(([key, value]) => (value === '' ? [] : [`${key}: ${value}`]));
  return `---\n${lines.join('\n')}\n---\n`;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The list of types grows as the format does; the four basic ones must always be in it. */
const typeProblem = (location: string, ending: string) =>
  new RegExp(
    `^${escapeRegExp(location)}\`type\` must be one of principle, source, passage, synonyms(, [a-z-]+)*${escapeRegExp(ending)}$`,
  );

describe('loadKnowledge on a valid folder', () => {
  it('loads every file, with principles ordered by number and passages quoted as written', () => {
    const knowledge = loadKnowledge([fixtureKnowledge]);

    expect(knowledge.principles).toHaveLength(2);
    expect(knowledge.sources).toHaveLength(1);
    expect(knowledge.passages).toHaveLength(3);
    expect(knowledge.synonyms).toEqual([]);
    // a-speak-carefully.md (number 2) is read before b-listen-first.md (number 1).
    expect(knowledge.principles.map((p) => [p.number, p.id])).toEqual([
      [1, 'listen-first'],
      [2, 'speak-carefully'],
    ]);
    expect(knowledge.principles[0]?.keywords).toEqual(['listening', 'audience']);

    const hashtags = knowledge.passages.find((p) => p.id === 'listen-hashtags');
    // Line breaks inside a paragraph are joined with a space; paragraphs stay apart.
    expect(hashtags?.text).toBe(
      'Search the hashtags people use about your service and read what they say.\n\nOnly then decide whether to reply.',
    );
    expect(hashtags?.questions).toEqual(['How do I find out what people say about our service?']);
    expect(hashtags).not.toHaveProperty('url');
  });

  it('keeps dates as text and takes passage-level url and published overrides', () => {
    const knowledge = loadKnowledge([fixtureKnowledge]);
    // YAML would read an unquoted 2020-05-17 as a Date; the loader must keep what was written.
    expect(knowledge.sources[0]).toMatchObject({
      id: 'fixture-guide',
      title: 'Fixture Guide to Online Conduct',
      publisher: 'Test Department',
      published: '2020-05-17',
      url: 'https://example.org/fixture-guide',
      licence: 'Open Government Licence v3.0',
    });
    const tone = knowledge.passages.find((p) => p.id === 'official-account-tone');
    expect(tone?.url).toBe('https://example.org/fixture-guide#posting');
    expect(tone?.published).toBe('2021');
  });

  it('reads files with a byte-order mark and Windows line endings', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      PASSAGE_FILE,
      `\uFEFF${passage(NO_ARGUMENTS, 'First line\r\nsecond line.\r\n\r\nNext.\r\n')}`.replaceAll(/\r?\n/g, '\r\n'),
    );
    const knowledge = loadKnowledge([dir]);
    expect(knowledge.passages.find((p) => p.id === 'no-arguments')?.text).toBe('First line second line.\n\nNext.');
  });

  it('loads a synonyms file, lower-casing its words', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      'synonyms.md',
      '---\ntype: synonyms\nid: staff-words\ngroups:\n  - [reply, Respond, answer]\n  - [X, twitter]\n---\n',
    );
    expect(loadKnowledge([dir]).synonyms).toEqual([
      ['reply', 'respond', 'answer'],
      ['x', 'twitter'],
    ]);
  });

  it('skips README.md files, at the top and in sub-folders', () => {
    const dir = copyFixture();
    writeFile(dir, 'README.md', '# Notes for editors\n\nNo front matter here.\n');
    writeFile(dir, 'passages/readme.md', 'Nor here.\n');
    expect(loadKnowledge([dir]).passages).toHaveLength(3);
  });
});

describe('loadKnowledge reports each problem as file:line: message', () => {
  it('no front matter', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, 'Do not argue with people who are rude to the account.\n');
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:1: no front matter: the file must start with a line of three dashes (---)`,
    ]);
  });

  it('front matter never closed', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, `---\n${NO_ARGUMENTS}Do not argue.\n`);
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:1: front matter opened here is never closed: add a line of three dashes (---)`,
    ]);
  });

  it('invalid YAML, at the line in the file (not in the YAML)', () => {
    const dir = copyFixture();
    // Line 6 of the file, line 5 of the YAML: an unquoted colon inside a value.
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('section: Replies', 'section: Replies: what to do')));
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:6: front matter is not valid YAML: bad indentation of a mapping entry`,
    ]);
  });

  it('invalid YAML: a duplicated key is reported at its second appearance', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(`${NO_ARGUMENTS}section: Replies again\n`));
    expect(problemsIn(dir)).toEqual([`${PASSAGE_FILE}:7: front matter is not valid YAML: duplicated mapping key`]);
  });

  it.each([
    ['a list', '- type\n- passage\n'],
    ['plain text', 'just some words\n'],
  ])('front matter that is %s, not a map', (_, yaml) => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(yaml));
    expect(problemsIn(dir)).toEqual([`${PASSAGE_FILE}:2: front matter must be a set of \`key: value\` fields`]);
  });

  it('missing type (reported at the opening line)', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('type: passage\n', '')));
    expect(problemsIn(dir)).toEqual([expect.stringMatching(typeProblem(`${PASSAGE_FILE}:1: `, ''))]);
  });

  it('invalid type', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('type: passage', 'type: pasage')));
    expect(problemsIn(dir)).toEqual([expect.stringMatching(typeProblem(`${PASSAGE_FILE}:2: `, ', not "pasage"'))]);
  });

  it('missing id', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('id: no-arguments\n', '')));
    expect(problemsIn(dir)).toEqual([`${PASSAGE_FILE}:1: missing \`id\``]);
  });

  it('id with characters other than lower-case letters, digits and dashes', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('id: no-arguments', 'id: No_Arguments')));
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:3: \`id\` must be lower-case letters, digits and dashes (like places-citizens-are), not "No_Arguments"`,
    ]);
  });

  it.each(['title', 'summary', 'number'])('principle missing %s', (field) => {
    const dir = copyFixture();
    writeFile(dir, PRINCIPLE_FILE, principle({ [field]: '' }));
    // The passages filed under the broken principle are not reported again as pointing at nothing.
    expect(problemsIn(dir)).toEqual([`${PRINCIPLE_FILE}:1: missing \`${field}\``]);
  });

  it.each(['1.5', '0', '-2', 'two', '"2"'])('principle number %s is not a whole number from 1 up', (number) => {
    const dir = copyFixture();
    writeFile(dir, PRINCIPLE_FILE, principle({ number }));
    expect(problemsIn(dir)[0]).toBe(`${PRINCIPLE_FILE}:4: \`number\` must be a whole number from 1 up`);
  });

  it('duplicate id across two files names both places', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('id: no-arguments', 'id: listen-hashtags')));
    // passages/listen-hashtags.md is read first, so the second use is the one reported.
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:3: duplicate id "listen-hashtags": also used at passages/listen-hashtags.md:3`,
    ]);
  });

  it('duplicate principle number', () => {
    const dir = copyFixture();
    writeFile(dir, 'principles/b-listen-first.md', principle({ id: 'listen-first', number: '2' }));
    expect(problemsIn(dir)).toEqual([
      'principles/b-listen-first.md:4: duplicate principle number 2: also used by speak-carefully',
    ]);
  });

  it('passage with an unknown principle, at the `principle:` line', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      PASSAGE_FILE,
      passage(NO_ARGUMENTS.replace('principle: speak-carefully', 'principle: speak-softly')),
    );
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:4: unknown principle "speak-softly" (known: speak-carefully, listen-first)`,
    ]);
  });

  it('passage with an unknown source, at the `source:` line', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS.replace('source: fixture-guide', 'source: fixture-guid')));
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:5: unknown source "fixture-guid": add a file with type: source and this id`,
    ]);
  });

  it('empty quote, at the line where the body starts', () => {
    const dir = copyFixture();
    // Front matter is lines 1-7, so the body starts on line 8.
    writeFile(dir, PASSAGE_FILE, passage(NO_ARGUMENTS, '\n   \n\n'));
    expect(problemsIn(dir)).toEqual([
      `${PASSAGE_FILE}:8: the passage has no quote: write the verbatim text below the front matter`,
    ]);
  });

  it('unknown field (the typo `keyword:` for `keywords:`)', () => {
    const dir = copyFixture();
    writeFile(dir, PRINCIPLE_FILE, principle({ keyword: '[caution]' }));
    expect(problemsIn(dir)[0]).toMatch(
      new RegExp(
        `^${escapeRegExp(PRINCIPLE_FILE)}:7: unknown field \`keyword\` for a principle \\(known: type, id, .*\\bkeywords\\b.*\\)$`,
      ),
    );
  });

  it.each([
    ['keywords', 'keywords: tone'],
    ['questions', 'questions:\n  what: now'],
  ])('list field %s that is not a list', (field, yaml) => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(`${NO_ARGUMENTS}${yaml}\n`));
    expect(problemsIn(dir)).toEqual([`${PASSAGE_FILE}:7: \`${field}\` must be a list of text items`]);
  });

  it('bad url', () => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(`${NO_ARGUMENTS}url: www.example.org/guide\n`));
    expect(problemsIn(dir)).toEqual([`${PASSAGE_FILE}:7: \`url\` must be a web address starting http:// or https://`]);
  });

  it('synonyms file with a group of one word', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      'synonyms.md',
      '---\ntype: synonyms\nid: staff-words\ngroups:\n  - [reply, respond]\n  - [tweet]\n---\n',
    );
    expect(problemsIn(dir)).toEqual([
      'synonyms.md:4: `groups` must be a list of groups, each a list of two or more words: [reply, respond, answer]',
    ]);
  });

  it.each(['0', '-1', '3', 'heavy'])('source weight %s is refused', (weight) => {
    const dir = copyFixture();
    const file = 'sources/fixture-guide.md';
    writeFile(
      dir,
      file,
      `---\ntype: source\nid: fixture-guide\ntitle: Guide\npublished: 2020\nurl: https://example.org\nlicence: OGL\nweight: ${weight}\n---\n`,
    );
    expect(problemsIn(dir)).toEqual([
      `${file}:8: \`weight\` must be a number above 0 and at most 2 (1 is the guidance itself)`,
    ]);
  });

  it('topic file with no words', () => {
    const dir = copyFixture();
    writeFile(dir, 'topic.md', '---\ntype: topic\nid: covered\nambiguous: [code]\n---\n');
    expect(problemsIn(dir)).toEqual(['topic.md:1: `words` must list at least one word']);
  });

  it('nonexistent folder (no line number: the whole folder)', () => {
    const missing = join(makeTempDir(), 'no-such-folder');
    expect(() => loadKnowledge([missing])).toThrow(KnowledgeError);
    expect(problemsOf(missing)).toEqual([`${missing}: knowledge folder does not exist`]);
  });

  it('empty folder, and a folder with only a README', () => {
    const empty = makeTempDir();
    expect(problemsOf(empty)).toEqual([`${empty}: no knowledge files (*.md) found in this folder`]);
    writeFile(empty, 'README.md', '# Knowledge\n');
    expect(problemsOf(empty)).toEqual([`${empty}: no knowledge files (*.md) found in this folder`]);
  });

  it('several problems in several files are all reported at once', () => {
    const dir = copyFixture();
    writeFile(dir, 'passages/listen-hashtags.md', passage(NO_ARGUMENTS.replace('id: no-arguments', 'id: Listen')));
    writeFile(dir, PASSAGE_FILE, passage(`${NO_ARGUMENTS.replace('section: Replies\n', '')}keyword: [rude]\n`, ''));
    writeFile(dir, 'passages/draft.md', 'A note with no front matter.\n');

    expect(problemsIn(dir)).toEqual([
      'passages/draft.md:1: no front matter: the file must start with a line of three dashes (---)',
      'passages/listen-hashtags.md:3: `id` must be lower-case letters, digits and dashes (like places-citizens-are), not "Listen"',
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(PASSAGE_FILE)}:6: unknown field \`keyword\` for a passage \\(known: .*\\)$`),
      ),
      `${PASSAGE_FILE}:8: the passage has no quote: write the verbatim text below the front matter`,
      `${PASSAGE_FILE}:1: missing \`section\``,
    ]);
    expect(() => loadKnowledge([dir])).toThrow(/^guidance-bot: the knowledge has 5 problems:\n/);
  });
});

/** Problems for a folder that is itself the problem: these carry no line, and the folder is named in full. */
function problemsOf(folder: string): string[] {
  try {
    loadKnowledge([folder]);
  } catch (error) {
    if (error instanceof KnowledgeError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('source weights and topic words', () => {
  it('a source weight defaults to 1 and may be set', () => {
    const dir = copyFixture();
    expect(loadKnowledge([dir]).sources[0]?.weight).toBe(1);
    const file = 'sources/fixture-guide.md';
    writeFile(
      dir,
      file,
      '---\ntype: source\nid: fixture-guide\ntitle: Guide\npublished: 2020\nurl: https://example.org\nlicence: OGL\nweight: 0.6\n---\n',
    );
    expect(loadKnowledge([dir]).sources[0]?.weight).toBe(0.6);
  });

  it('topic words and ambiguous words are read, lower-cased, from any number of topic files', () => {
    const dir = copyFixture();
    writeFile(dir, 'topic.md', '---\ntype: topic\nid: covered\nwords: [Tweet, social media]\nambiguous: [Code]\n---\n');
    writeFile(dir, 'more/topic.md', '---\ntype: topic\nid: more\nwords: [blog]\n---\n');
    expect(loadKnowledge([dir]).topic).toEqual({ words: ['blog', 'tweet', 'social media'], ambiguous: ['code'] });
  });
});

describe('quote integrity: a quote must make sense on its own', () => {
  // NO_ARGUMENTS is five lines, so the front matter is lines 1-7 and the quote starts on line 8.
  const START =
    'the quote starts mid-sentence: add `lead-in:` with the words that introduce the list, or start the quote at the beginning of the sentence';
  /** The message for a quote that ends mid-sentence: it shows the quote's last 20 characters. */
  const ending = (quote: string) =>
    `the quote ends mid-sentence ("…${quote.trim().replace(/\s+/g, ' ').slice(-20)}"): cut at the end of a sentence, or extend it to where the sentence ends`;
  const TITLE =
    'the quote is only the title of principle 2 (speak-carefully), which already heads every answer: quote the guidance that explains it, or delete this passage and move its questions to the passage that answers them';
  const withQuote = (body: string, extra = '') => {
    const dir = copyFixture();
    writeFile(dir, PASSAGE_FILE, passage(`${NO_ARGUMENTS}${extra}`, body));
    return dir;
  };
  const quoted = (dir: string) => loadKnowledge([dir]).passages.find((p) => p.id === 'no-arguments');

  it.each([
    ['a lower-case first letter', 'fulfil your duties and obligations responsibly;\n'],
    ['a lower-case letter after an opening quote mark', '‘honesty’ is being truthful and open.\n'],
    ['an ellipsis', '…avoid making any kind of personal attack.\n'],
    ['three dots', '...avoid making any kind of personal attack.\n'],
    ['a letter list marker', 'a) This means setting up an account with a monitoring tool.\n'],
  ])('a quote starting mid-sentence (%s) needs a lead-in', (_, body) => {
    expect(problemsIn(withQuote(body))).toEqual([`${PASSAGE_FILE}:8: ${START}`]);
  });

  it('is reported at the first written line of the quote', () => {
    expect(problemsIn(withQuote('\n\nfulfil your duties and obligations responsibly;\n'))).toEqual([
      `${PASSAGE_FILE}:10: ${START}`,
    ]);
  });

  it('a `lead-in` is read, and lets a list item start and end as the list printed it', () => {
    const item = quoted(withQuote('fulfil your duties and obligations responsibly\n', 'lead-in: "You must:"\n'));
    expect(item?.leadIn).toBe('You must:');
    expect(item?.text).toBe('fulfil your duties and obligations responsibly');
    expect(loadKnowledge([fixtureKnowledge]).passages.some((p) => 'leadIn' in p || 'startsMidSentence' in p)).toBe(
      false,
    );
  });

  it('a `lead-in` must be text that starts a sentence, and the quote then drops its "…"', () => {
    expect(problemsIn(withQuote('fulfil your duties;\n', 'lead-in: ""\n'))).toEqual([
      `${PASSAGE_FILE}:7: \`lead-in\` is empty`,
    ]);
    expect(problemsIn(withQuote('fulfil your duties;\n', 'lead-in: "standards of behaviour. You must:"\n'))).toEqual([
      `${PASSAGE_FILE}:7: \`lead-in\` starts mid-sentence: begin it where the sentence begins`,
    ]);
    expect(problemsIn(withQuote('…fulfil your duties;\n', 'lead-in: "You must:"\n'))).toEqual([
      `${PASSAGE_FILE}:9: remove the "…" at the start of the quote: the answer shows one before it already`,
    ]);
  });

  it.each([
    ['a comma', 'Social media is a public forum,'],
    ['a word', 'Social media is a public forum and the same considerations apply'],
    ['a dash', 'Check your facts –'],
  ])('a quote ending with %s ends mid-sentence', (_, body) => {
    expect(problemsIn(withQuote(`${body}\n`))).toEqual([`${PASSAGE_FILE}:8: ${ending(body)}`]);
  });

  it('is reported at the last written line of the quote', () => {
    expect(problemsIn(withQuote('Do not argue.\n\nReport abuse instead, and\nblock\n\n'))).toEqual([
      `${PASSAGE_FILE}:11: ${ending('Report abuse instead, and block')}`,
    ]);
  });

  it.each([
    'Do not argue.',
    'Do not argue!',
    'Doubts? If in doubt, don’t post it?',
    'Keep accurate official records; and',
    'Take decisions on the merits of the case; or',
    'Follow the rules;',
    'It reads as follows:',
    'Social media is a public forum and the same considerations apply…',
    'Report abuse (see the moderation policy)',
    'Remember the ‘real’ world’',
    'The Minister said “do not argue”',
    '1) Have a clear idea of your objectives in using social media',
    '10) Do not engage with users who are aggressive/abusive',
    '2. Adhere to the Civil Service Code',
    '(2) Subsection (3) applies if a civil servant has reason to believe',
  ])('a quote may end like this: %s', (body) => {
    expect(quoted(withQuote(`${body}\n`))?.text).toBe(body);
  });

  it('without a list marker or lead-in, a quote may not end without punctuation', () => {
    const body = 'Have a clear idea of your objectives in using social media';
    expect(problemsIn(withQuote(`${body}\n`))).toEqual([`${PASSAGE_FILE}:8: ${ending(body)}`]);
  });

  it.each([
    ['with a full stop', 'Speak carefully on official accounts.'],
    ['with other spacing and capitals', 'Speak  Carefully\non official accounts!'],
    ['as a list item', '2) Speak carefully on official accounts'],
  ])('a quote that is only a principle title (%s) is refused', (_, body) => {
    expect(problemsIn(withQuote(`${body}\n`))).toEqual([`${PASSAGE_FILE}:8: ${TITLE}`]);
  });

  it('a bare title is refused as a title as well as for its ending', () => {
    expect(problemsIn(withQuote('Speak carefully on official accounts\n'))).toEqual([
      `${PASSAGE_FILE}:8: ${ending('Speak carefully on official accounts')}`,
      `${PASSAGE_FILE}:8: ${TITLE}`,
    ]);
  });

  it("a quote that only starts with a principle's title is fine", () => {
    const body = 'Listen before you join in, and then listen again.';
    expect(quoted(withQuote(`${body}\n`))?.text).toBe(body);
  });

  describe('`starts-mid-sentence: true`, for a fragment whose opening words are lost', () => {
    it('lets a quote start mid-sentence, and is read', () => {
      expect(
        quoted(withQuote('social media must be used responsibly…\n', 'starts-mid-sentence: true\n')),
      ).toMatchObject({ startsMidSentence: true, text: 'social media must be used responsibly…' });
    });

    it('does not excuse a quote that ends mid-sentence', () => {
      const body = 'social media must be used responsibly,';
      expect(problemsIn(withQuote(`${body}\n`, 'starts-mid-sentence: true\n'))).toEqual([
        `${PASSAGE_FILE}:9: ${ending(body)}`,
      ]);
    });

    it.each([
      [
        'on a quote that starts a sentence',
        'Social media must be used responsibly.\n',
        'starts-mid-sentence: true\n',
        '`starts-mid-sentence: true` but the quote starts a sentence (capital letter, no "…"): remove `starts-mid-sentence`',
      ],
      [
        'together with a lead-in',
        'fulfil your duties;\n',
        'lead-in: "You must:"\nstarts-mid-sentence: true\n',
        'the quote has both a `lead-in` and `starts-mid-sentence: true`: keep the `lead-in` and remove `starts-mid-sentence`',
      ],
    ])('is refused %s', (_, body, extra, message) => {
      const line = 8 + extra.split('\n').length - 1;
      expect(problemsIn(withQuote(body, extra))).toEqual([`${PASSAGE_FILE}:${line}: ${message}`]);
    });

    it('is refused with a leading "…" (the answer adds it) and when it is not true or false', () => {
      expect(problemsIn(withQuote('…avoid personal attacks.\n', 'starts-mid-sentence: true\n'))).toEqual([
        `${PASSAGE_FILE}:9: remove the "…" at the start of the quote: the answer shows one before it already`,
      ]);
      expect(problemsIn(withQuote('avoid personal attacks.\n', 'starts-mid-sentence: yes\n'))).toEqual([
        `${PASSAGE_FILE}:7: \`starts-mid-sentence\` must be true or false`,
        `${PASSAGE_FILE}:9: ${START}`,
      ]);
    });
  });
});
