import { describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { createCore, loadKnowledge, type SavedIndexStore } from '../../src/index.js';

// Whether a saved index is used (CoreOptions.savedIndex): only when it was built from the same knowledge.
// The core keeps it as text through SavedIndexStore; here that text is held in memory, and the file
// that holds it in production is tested in test/adapters/saved-index-file.test.ts.

const knowledge = loadKnowledge([BUNDLED_KNOWLEDGE]);

/** A SavedIndexStore in memory, counting its writes. */
function inMemory(text?: string): SavedIndexStore & { text: string | undefined; writes: number } {
  const store = {
    text,
    writes: 0,
    read: () => store.text,
    write(saved: string) {
      store.text = saved;
      store.writes++;
    },
  };
  return store;
}

describe('the saved index (CoreOptions.savedIndex)', () => {
  it('is saved once built, and loaded instead of built while the knowledge is the same', () => {
    const savedIndex = inMemory();
    expect(createCore({ knowledge, savedIndex }).index).toBe('built');
    expect(savedIndex.writes).toBe(1);
    expect(createCore({ knowledge, savedIndex }).index).toBe('loaded');
    expect(savedIndex.writes).toBe(1);
  });

  it('is rebuilt when the knowledge changes, so an edited passage is never answered from a stale index', () => {
    const savedIndex = inMemory();
    createCore({ knowledge, savedIndex });
    const edited = {
      ...knowledge,
      passages: knowledge.passages.map((passage, index) =>
        index === 0 ? { ...passage, keywords: [...passage.keywords, 'zebracrossing'] } : passage,
      ),
    };
    const core = createCore({ knowledge: edited, savedIndex });
    expect(core.index).toBe('built');
    const answer = core.answer({ question: 'zebracrossing on social media' });
    expect(answer.answered && answer.passage.id).toBe(knowledge.passages[0]?.id);
  });

  it.each([
    ['half an index', '{"format": 1, "fingerprint": "abc", "index": '],
    ['another format', '{"format": 1, "fingerprint": "abc", "index": {}}'],
    ['not JSON', 'not an index'],
  ])('is rebuilt, and saved again, from %s', (_, text) => {
    const savedIndex = inMemory(text);
    expect(createCore({ knowledge, savedIndex }).index).toBe('built');
    expect(savedIndex.writes).toBe(1);
    expect(createCore({ knowledge, savedIndex }).index).toBe('loaded');
  });

  const questions = knowledge.passages.slice(0, 80).map((passage) => passage.questions[0] ?? passage.text);
  /** What each core answers to questions of many situations: passage and alternatives. */
  const rankings = (core: ReturnType<typeof createCore>) =>
    questions.map((question) => {
      const answer = core.answer({ question });
      return answer.answered ? [answer.passage.id, ...answer.alternatives.map((a) => a.passage.id)] : [];
    });

  it('carries the learned re-ranker, so that a loaded core ranks as the one that trained it', () => {
    const savedIndex = inMemory();
    const built = createCore({ knowledge, savedIndex });
    const saved = JSON.parse(savedIndex.text ?? '{}') as { classifier?: { features: string[] } };
    expect(saved.classifier?.features.length).toBeGreaterThan(1000);
    const loaded = createCore({ knowledge, savedIndex });
    expect(loaded.index).toBe('loaded');
    expect(rankings(loaded)).toEqual(rankings(built));
    // …which a core without it does not: the comparison above would see a missing re-ranker.
    expect(rankings(createCore({ knowledge, answerPolicy: { classifierWeight: 0 } }))).not.toEqual(rankings(built));
  });

  it('trains the re-ranker again when the saved one was trained with other options', () => {
    const savedIndex = inMemory();
    const oneEpoch = createCore({ knowledge, savedIndex, classifier: { epochs: 1 } });
    const loaded = createCore({ knowledge, savedIndex });
    expect(loaded.index).toBe('loaded');
    expect(rankings(loaded)).toEqual(rankings(createCore({ knowledge })));
    expect(rankings(loaded)).not.toEqual(rankings(oneEpoch));
  });
});
