import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE, readCoreConfig } from '../../adapters/config.js';
import { savedIndexFile } from '../../adapters/saved-index-file.js';
import { createCore, loadKnowledge } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';

// The search index kept in a real file between runs (INDEX_FILE): the core decides whether it is
// current (test/core/saved-index.test.ts), this file only holds it.

const knowledge = loadKnowledge([BUNDLED_KNOWLEDGE]);
const question = { question: 'someone is being abusive in our replies, do we answer?', context: 'you useless lot' };

describe('the saved index file (INDEX_FILE)', () => {
  it('is built and saved on the first start, loaded on the next, and answers the same', () => {
    const savedIndex = savedIndexFile(join(makeTempDir(), 'cache', 'index.json'));
    const first = createCore({ knowledge, savedIndex });
    expect(first.index).toBe('built');
    const second = createCore({ knowledge, savedIndex });
    expect(second.index).toBe('loaded');
    expect(second.answer(question)).toEqual(first.answer(question));
    expect(second.answer({ question: 'what does impartiality mean?' })).toEqual(
      first.answer({ question: 'what does impartiality mean?' }),
    );
  });

  it('is rebuilt, and the file replaced, when the file is corrupt', () => {
    const indexFile = join(makeTempDir(), 'index.json');
    writeFileSync(indexFile, '{"format": 1, "fingerprint": "abc", "index": ');
    expect(createCore({ knowledge, savedIndex: savedIndexFile(indexFile) }).index).toBe('built');
    expect(() => JSON.parse(readFileSync(indexFile, 'utf8'))).not.toThrow();
    expect(createCore({ knowledge, savedIndex: savedIndexFile(indexFile) }).index).toBe('loaded');
  });

  it('is written whole, through a temporary file that does not stay behind', () => {
    const folder = makeTempDir();
    const indexFile = join(folder, 'index.json');
    writeFileSync(indexFile, 'an older index');
    savedIndexFile(indexFile).write('{"the":"new index"}');
    expect(readFileSync(indexFile, 'utf8')).toBe('{"the":"new index"}');
    expect(readdirSync(folder)).toEqual(['index.json']);
  });

  it('is left whole when a new one cannot be written to the end', () => {
    const folder = makeTempDir();
    const indexFile = join(folder, 'index.json');
    writeFileSync(indexFile, '{"the":"old index"}');
    // The temporary file cannot be written (a folder is in its place), as a full disk would stop it.
    mkdirSync(`${indexFile}.${process.pid}.tmp`);
    savedIndexFile(indexFile).write('{"the":"new index"}');
    expect(readFileSync(indexFile, 'utf8')).toBe('{"the":"old index"}');
  });

  it('still answers when the file cannot be written', () => {
    // A path under a regular file cannot be created, whoever runs the test (root included).
    const notAFolder = join(makeTempDir(), 'plain-file');
    writeFileSync(notAFolder, 'not a folder');
    const indexFile = join(notAFolder, 'index.json');
    const core = createCore({ knowledge, savedIndex: savedIndexFile(indexFile) });
    expect(core.index).toBe('built');
    expect(core.answer(question).answered).toBe(true);
    expect(existsSync(indexFile)).toBe(false);
  });

  it('is the file INDEX_FILE names, and none with INDEX_FILE=off', () => {
    const indexFile = join(makeTempDir(), 'from-the-environment.json');
    const config = readCoreConfig({ INDEX_FILE: indexFile });
    expect(createCore({ ...config, knowledge }).index).toBe('built');
    expect(createCore({ ...config, knowledge }).index).toBe('loaded');
    expect(existsSync(indexFile)).toBe(true);
    expect(readCoreConfig({ INDEX_FILE: 'off' }).savedIndex).toBeUndefined();
  });
});
