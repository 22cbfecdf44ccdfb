import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/index.js';
import { parseKnowledgeFile } from '../../src/knowledge/parse.js';
import { makeTempDir, writeFile } from '../helpers.js';

// Any text as a knowledge file: a parsed entry, or problems that name the file and a line. Never
// another kind of exception, never a hang.

const FILE = 'passages/any.md';

/** Text that looks enough like a knowledge file to get past the first checks, and then anything. */
const knowledgeLike = fc
  .tuple(
    fc.constantFrom('---\n', '---\r\n', '\uFEFF---\n', ''),
    fc.array(
      fc.oneof(
        fc.constantFrom('type: passage', 'type: principle', 'id: a-b', 'number: 1', 'keywords: [a, b]', 'title:'),
        fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string()).map(([key, value]) => `${key}: ${value}`),
        fc.string({ unit: 'binary' }),
        fc.constantFrom('- [', '{', '&anchor x', '*alias', '!!js/function f', ': :', '? x', '|', '>-', '\t- x'),
      ),
      { maxLength: 12 },
    ),
    fc.constantFrom('---\n', '...\n', ''),
    fc.string({ unit: 'binary', maxLength: 400 }),
  )
  .map(([open, lines, close, body]) => `${open}${lines.join('\n')}\n${close}${body}`);

function expectLocated(problems: Array<{ file: string; line: number; message: string }>, file: string): void {
  for (const problem of problems) {
    expect(problem.file).toBe(file);
    expect(Number.isInteger(problem.line) && problem.line >= 0).toBe(true);
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

describe('parseKnowledgeFile', () => {
  it('returns an entry or located problems for any text', () => {
    fc.assert(
      fc.property(fc.oneof(knowledgeLike, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        const started = Date.now();
        const result = parseKnowledgeFile(FILE, text);
        expect(Date.now() - started).toBeLessThan(1000);
        expect(result.entry !== undefined || result.problems.length > 0).toBe(true);
        if (result.entry) expect(result.problems).toEqual([]);
        expectLocated(result.problems, FILE);
        for (const problem of result.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('returns located problems for any bytes read as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const result = parseKnowledgeFile(FILE, Buffer.from(bytes).toString('utf8'));
        expectLocated(result.problems, FILE);
      }),
      { numRuns: 200 },
    );
  });
});

describe('loadKnowledge', () => {
  it('loads any file, or throws a KnowledgeError naming it with a line; nothing else', () => {
    const dir = makeTempDir();
    fc.assert(
      fc.property(knowledgeLike, (text) => {
        const path = writeFile(dir, 'any.md', text);
        try {
          loadKnowledge([dir]);
        } catch (error) {
          expect(error).toBeInstanceOf(KnowledgeError);
          const problems = (error as KnowledgeError).problems;
          expect(problems.length).toBeGreaterThan(0);
          expect(problems.some((problem) => problem.file === path)).toBe(true);
          expectLocated(
            problems.filter((problem) => problem.file === path),
            path,
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});
