import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { createCore, loadKnowledge } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';

const knowledge = loadKnowledge([BUNDLED_KNOWLEDGE]);
const question = { question: 'someone is being abusive in our replies, do we answer?', context: 'you useless lot' };

describe('the saved index (CoreOptions.indexFile)', () => {
  it('is built and saved on the first start, loaded on the next, and answers the same', () => {
    const indexFile = join(makeTempDir(), 'cache', 'index.json');
    const first = createCore({ knowledge, indexFile });
    expect(first.index).toBe('built');
    const second = createCore({ knowledge, indexFile });
    expect(second.index).toBe('loaded');
    expect(second.answer(question)).toEqual(first.answer(question));
    expect(second.answer({ question: 'what does impartiality mean?' })).toEqual(
      first.answer({ question: 'what does impartiality mean?' }),
    );
  });

  it('is rebuilt when the knowledge changes, so an edited passage is never answered from a stale index', () => {
    const indexFile = join(makeTempDir(), 'index.json');
    createCore({ knowledge, indexFile });
    const edited = {
      ...knowledge,
      passages: knowledge.passages.map((passage, index) =>
        index === 0 ? { ...passage, keywords: [...passage.keywords, 'zebracrossing'] } : passage,
      ),
    };
    const core = createCore({ knowledge: edited, indexFile });
    expect(core.index).toBe('built');
    const answer = core.answer({ question: 'zebracrossing on social media' });
    expect(answer.answered && answer.passage.id).toBe(knowledge.passages[0]?.id);
  });

  it('is rebuilt, and the file replaced, when the file is corrupt', () => {
    const indexFile = join(makeTempDir(), 'index.json');
    writeFileSync(indexFile, '{"format": 1, "fingerprint": "abc", "index": ');
    expect(createCore({ knowledge, indexFile }).index).toBe('built');
    expect(() => JSON.parse(readFileSync(indexFile, 'utf8'))).not.toThrow();
    expect(createCore({ knowledge, indexFile }).index).toBe('loaded');
  });

  it('still answers when the file cannot be written', () => {
    // A path under a regular file cannot be created, whoever runs the test (root included).
    const notAFolder = join(makeTempDir(), 'plain-file');
    writeFileSync(notAFolder, 'not a folder');
    const indexFile = join(notAFolder, 'index.json');
    const core = createCore({ knowledge, indexFile });
    expect(core.index).toBe('built');
    expect(core.answer(question).answered).toBe(true);
    expect(existsSync(indexFile)).toBe(false);
  });
});
