import { describe, expect, it } from 'vitest';
import { createCore, loadKnowledge } from '../../src/index.js';
import { PassageClassifier } from '../../src/search/passage-classifier.js';
import { createTextProcessor } from '../../src/search/text.js';
import { copyFixture, writeFile } from '../helpers.js';

// The learned re-ranker: trained on our example questions, it learns which words tell passages apart,
// which rarity alone does not show. Each knowledge folder here is built so that only the learning decides.

function passage(id: string, text: string, questions: string[]): string {
  const list = questions.map((question) => `  - "${question}"`).join('\n');
  return `---\ntype: passage\nid: ${id}\nprinciple: speak-carefully\nsource: fixture-guide\nsection: Replies\nquestions:\n${list}\n---\n${text}\n`;
}

/**
 * Two passages whose examples share most of their words. "reporter" occurs only in the press passage's
 * examples and "tagged" only in the personal one's, but each word is as rare as the other: what tells
 * them apart is learned from which passage's examples each word comes with.
 */
function twoPassages(): string {
  const dir = copyFixture();
  writeFile(
    dir,
    'passages/press.md',
    passage('press-office', 'Refer requests from the media to the press office.', [
      'a reporter messaged me about our policy, can I reply?',
      'reporter wants a comment on the new scheme',
      'can I answer a reporter who asked about the consultation',
      'reporter asked me for background on the announcement',
    ]),
  );
  writeFile(
    dir,
    'passages/personal.md',
    passage('personal-account', 'Take care what you say about your work on your own accounts.', [
      'someone tagged me in a post about our policy, can I reply?',
      'I got tagged in a thread about the new scheme',
      'can I answer when I am tagged in a post about the consultation',
      'tagged in a comment about the announcement on my own account',
    ]),
  );
  return dir;
}

function classifierFor(dir: string, maxPassages = 1000) {
  const knowledge = loadKnowledge([dir]);
  const processor = createTextProcessor(knowledge.synonyms);
  const classifier = PassageClassifier.train(knowledge, processor, {
    epochs: 10,
    learningRate: 0.5,
    l2: 1e-4,
    quoteWeight: 0.5,
    keywordWeight: 0.5,
    maxPassages,
  });
  const probabilities = (question: string) => {
    const terms = new Map(processor.terms(question).map((term) => [term, 1]));
    const predicted = classifier?.predict(terms) ?? new Float64Array();
    return Object.fromEntries(knowledge.passages.map((p, n) => [p.id, predicted[n] ?? 0]));
  };
  return { classifier, probabilities };
}

describe('the learned re-ranker', () => {
  it('learns which words tell passages apart from the passages’ own examples', () => {
    const { probabilities } = classifierFor(twoPassages());
    const mostLikely = (p: Record<string, number>) => Object.entries(p).sort((a, b) => b[1] - a[1])[0]?.[0];
    const press = probabilities('a reporter got in touch about the scheme');
    expect(mostLikely(press)).toBe('press-office');
    expect(press['press-office']).toBeGreaterThan(2 * (press['personal-account'] ?? 0));
    const personal = probabilities('I was tagged about the scheme');
    expect(mostLikely(personal)).toBe('personal-account');
    expect(personal['personal-account']).toBeGreaterThan(2 * (personal['press-office'] ?? 0));
  });

  it('trains the same way every time, so the same knowledge always ranks the same', () => {
    const dir = twoPassages();
    const first = classifierFor(dir).probabilities('reporter tagged me about the policy');
    const second = classifierFor(dir).probabilities('reporter tagged me about the policy');
    expect(second).toEqual(first);
  });

  it('is not trained above maxPassages: a handbook-sized knowledge base is ranked by its words alone', () => {
    expect(classifierFor(twoPassages(), 1).classifier).toBeUndefined();
  });

  it('puts first the passage whose examples a telling word comes from, over one that shares more words', () => {
    const dir = twoPassages();
    // Most of these words are those of a personal-account example ("someone tagged me in a post about our
    // policy, can I reply?"); "reporter" is the one that says which situation it is.
    const question = 'a reporter sent me a post about our policy, can I reply?';
    const learned = createCore({ knowledgeDirs: [dir] }).answer({ question });
    const wordsOnly = createCore({ knowledgeDirs: [dir], answerPolicy: { classifierWeight: 0 } }).answer({ question });
    if (!learned.answered || !wordsOnly.answered) throw new Error('expected answers');
    expect(wordsOnly.passage.id).toBe('personal-account');
    expect(learned.passage.id).toBe('press-office');
  });
});
