import { describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { type Answer, type AnswerResult, createCore, loadKnowledge } from '../../src/index.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { createTextProcessor } from '../../src/search/text.js';
import { copyFixture, writeFile } from '../helpers.js';

// How questions are matched: each example question on its own, the quote, declines for what the
// guidance does not cover, lead-ins, alternatives and weak answers. Each test builds a small knowledge
// folder where the behaviour decides the outcome, so that removing the behaviour fails it.

function expectAnswered(result: AnswerResult): Answer {
  if (!result.answered) throw new Error(`expected an answer, got a decline: ${result.reason}`);
  return result;
}

function passage(id: string, text: string, extra = ''): string {
  return `---\ntype: passage\nid: ${id}\nprinciple: speak-carefully\nsource: fixture-guide\nsection: Replies\n${extra}---\n${text}\n`;
}

const list = (key: string, items: string[]) => `${key}:\n${items.map((item) => `  - "${item}"`).join('\n')}\n`;

describe('matching a question against each example question on its own', () => {
  it('prefers the passage with one example that is the situation over one with many loosely related ones', () => {
    const dir = copyFixture();
    const many = Array.from({ length: 30 }, (_, n) => `can we reply to comment number ${n} on our post about parking?`);
    writeFile(
      dir,
      'passages/many.md',
      passage('many-examples', 'Reply to comments when you can.', list('questions', many)),
    );
    writeFile(
      dir,
      'passages/one.md',
      passage(
        'one-example',
        'Take personal details out of public view.',
        list('questions', ['someone posted their national insurance number in a comment, can we reply?']),
      ),
    );
    const core = createCore({ knowledgeDirs: [dir] });
    const result = expectAnswered(
      core.answer({ question: 'a man posted his national insurance number in a comment on our post, reply?' }),
    );
    expect(result.passage.id).toBe('one-example');
  });
});

describe('declining what the guidance does not cover', () => {
  it('does not read "social" alone as "social media"', () => {
    const { synonyms } = loadKnowledge([BUNDLED_KNOWLEDGE]);
    const processor = createTextProcessor(synonyms);
    expect(processor.terms('social media')).not.toEqual(processor.terms('social'));
    expect(processor.terms('the team social')).not.toContain(processor.terms('social media')[0]);
  });

  it('declines a question closer to an out-of-scope example than to any passage', () => {
    const dir = copyFixture();
    const question = 'how do I reset the password for the scheduling tool we post from?';
    const before = createCore({ knowledgeDirs: [dir] }).answer({ question });
    expect(before.answered, 'without the out-of-scope examples the question is answered').toBe(true);
    writeFile(
      dir,
      'out-of-scope/tools.md',
      `---\ntype: out-of-scope\nid: tool-admin\n${list('questions', ['how do I reset my password for the scheduling tool?', 'who resets the login for the posting tool'])}---\n`,
    );
    const after = createCore({ knowledgeDirs: [dir] }).answer({ question });
    expect(after.answered).toBe(false);
  });

  it('judges only what the person asks, not the message they paste, against out-of-scope examples', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      'out-of-scope/socials.md',
      `---\ntype: out-of-scope\nid: socials\n${list('questions', ['is the office party on thursday?'])}---\n`,
    );
    const core = createCore({ knowledgeDirs: [dir] });
    expect(core.answer({ question: 'is the office party on thursday?' }).answered).toBe(false);
    const pasted = core.answer({ question: 'do we reply to rude people?', context: 'office party on thursday, come!' });
    expect(pasted.answered).toBe(true);
  });

  it('needs more than one shared word to call a question out of scope', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      'out-of-scope/gifts.md',
      `---\ntype: out-of-scope\nid: gifts\n${list('questions', ['what is the secret santa limit this year?'])}---\n`,
    );
    const core = createCore({ knowledgeDirs: [dir] });
    expect(core.answer({ question: 'whats the secret santa limit' }).answered).toBe(false);
    expect(core.answer({ question: 'can I argue with a rude person who knows my secret?' }).answered).toBe(true);
  });

  it('forgives a typo only in a word that is not an English word', () => {
    const dir = copyFixture();
    writeFile(dir, 'topic.md', `---\ntype: topic\nid: covered\nwords: [official, opinion]\n---\n`);
    const core = createCore({ knowledgeDirs: [dir] });
    // "offical" is no word, so it is read as "official"; "office" is a word, so it is not.
    expect(core.answer({ question: 'where is the offical printer' }).answered).toBe(true);
    expect(core.answer({ question: 'where is the office printer' }).answered).toBe(false);
  });
});

describe('approximate matching', () => {
  it('matches a typo to the word it was meant to be, but never a real word to another', () => {
    const core = createCore({ knowledgeDirs: [copyFixture()] });
    expect(expectAnswered(core.answer({ question: 'offical posts plain?' })).passage.id).toBe('official-account-tone');
    // "office" is a word in its own right: it finds nothing, rather than the passage about official posts.
    expect(core.answer({ question: 'office printer jammed' }).answered).toBe(false);
  });
});

describe('the index itself', () => {
  const knowledge = loadKnowledge([BUNDLED_KNOWLEDGE]);
  const questions = knowledge.passages.flatMap((passage) => passage.questions.slice(0, 2));
  const ranks = (index: PassageIndex, asked: string[]) =>
    asked.map((question) => {
      const terms = new Map(index.processor.terms(question).map((term) => [term, 1]));
      const { passages, outOfScope } = index.rank(terms, 5);
      return { outOfScope, passages: passages.map(({ passage, score, cosine }) => [passage.id, score, cosine]) };
    });

  it('ranks the same from a saved index as from a fresh one', () => {
    const built = new PassageIndex(knowledge);
    const loaded = new PassageIndex(knowledge, undefined, JSON.parse(JSON.stringify(built.save())));
    expect(ranks(loaded, questions)).toEqual(ranks(built, questions));
  });

  it('ranks a question the same whatever was asked before it (its scratch space is left clean)', () => {
    const once = ranks(new PassageIndex(knowledge), questions);
    const reused = new PassageIndex(knowledge);
    ranks(reused, [...questions].reverse());
    expect(ranks(reused, questions)).toEqual(once);
  });
});

describe('quoting', () => {
  it('quotes a list item with the words that introduce its list', () => {
    const dir = copyFixture();
    writeFile(
      dir,
      'passages/must-not.md',
      passage('must-not-argue', 'argue with critics in public; or', 'lead-in: "You must not:"\n'),
    );
    const core = createCore({ knowledgeDirs: [dir] });
    const quoted = core.passage('must-not-argue');
    expect(quoted?.passage.text).toBe('You must not: … argue with critics in public; or');
  });

  it('offers as alternatives only passages that fit nearly as well and say something else', () => {
    const dir = copyFixture();
    const examples = list('questions', ['a journalist messaged me about my work, can I answer?']);
    writeFile(dir, 'passages/a.md', passage('media-first', 'Speak to journalists only with authority.', examples));
    writeFile(dir, 'passages/b.md', passage('media-copy', 'Speak to journalists only with authority!', examples));
    writeFile(
      dir,
      'passages/c.md',
      passage(
        'media-far',
        'Keep records of what you publish.',
        list('questions', ['can I answer questions about our records?']),
      ),
    );
    const core = createCore({ knowledgeDirs: [dir] });
    const result = expectAnswered(core.answer({ question: 'a journalist messaged me about my work, can I answer?' }));
    const shown = [result.passage.id, ...result.alternatives.map((alternative) => alternative.passage.id)];
    expect(shown.filter((id) => id.startsWith('media-'))).toHaveLength(1);
    // The copy says the same thing, and every other passage fits far less well: no alternatives at all.
    expect(result.alternatives).toEqual([]);
  });

  it('marks an answer weak when the best passage fits only loosely, and not when it fits well', () => {
    const core = createCore({ knowledgeDirs: [copyFixture()], answerPolicy: { weakBelow: 0.5 } });
    const close = expectAnswered(core.answer({ question: 'How do I find out what people say about our service?' }));
    expect(close.weak).toBeUndefined();
    const loose = expectAnswered(
      core.answer({
        question: 'my neighbour, who is a plumber, said something about the service at the parking outside',
      }),
    );
    expect(loose.weak).toBe(true);
  });
});

describe('the bundled knowledge', () => {
  const core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
  it.each([
    'is the Christmas social on Friday',
    'who is on the social committee this year?',
    'how do I reset the Hootsuite password for the team account',
  ])('declines a tempting question it does not cover: %s', (question) => {
    expect(core.answer({ question }).answered).toBe(false);
  });

  it('answers whether the rules apply outside work hours on your own phone', () => {
    expect(core.answer({ question: 'do the rules apply outside work hours on my own phone' }).answered).toBe(true);
  });

  it('never quotes a bare principle title: the principle is the heading', () => {
    const titles = new Set(core.knowledge.principles.map((principle) => principle.title));
    for (const { id } of core.knowledge.passages) expect(titles.has(core.passage(id)?.passage.text ?? '')).toBe(false);
  });
});
