import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { formatProblem, type Knowledge, KnowledgeError, loadKnowledge } from '../../src/index.js';
import { BUNDLED_PRINCIPLE_IDS, projectRoot } from '../helpers.js';

function loadBundled(): Knowledge {
  try {
    return loadKnowledge([BUNDLED_KNOWLEDGE]);
  } catch (error) {
    // Show every problem, not just "threw", when the bundled knowledge breaks.
    if (error instanceof KnowledgeError) throw new Error(error.problems.map(formatProblem).join('\n'));
    throw error;
  }
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

describe('the bundled knowledge', () => {
  it('is the knowledge/ folder of this project', () => {
    expect(BUNDLED_KNOWLEDGE).toBe(join(projectRoot, 'knowledge'));
  });

  it('loads without problems', () => {
    const knowledge = loadBundled();
    expect(knowledge.passages.length).toBeGreaterThan(100);
    expect(knowledge.sources.length).toBeGreaterThan(1);
  });

  it('has the six principles of the guidance, by number', () => {
    expect(loadBundled().principles.map((p) => [p.number, p.id])).toEqual(
      BUNDLED_PRINCIPLE_IDS.map((id, index) => [index + 1, id]),
    );
  });

  it('cites every passage to a source with a title, date, web address and licence', () => {
    const knowledge = loadBundled();
    const sources = new Map(knowledge.sources.map((source) => [source.id, source]));
    const incomplete = knowledge.passages.filter((passage) => {
      const source = sources.get(passage.sourceId);
      return !source?.title || !source.published || !/^https?:\/\//.test(source.url) || !source.licence;
    });
    expect(incomplete.map((p) => p.id)).toEqual([]);
  });

  it('quotes no editorial [brackets] in any passage', () => {
    const bracketed = loadBundled().passages.filter((passage) => /[[\]]/.test(passage.text));
    expect(bracketed.map((p) => `${p.id}: ${p.text}`)).toEqual([]);
  });
});

const sharedFolder = resolve(projectRoot, '..', 'shared');
const requiredPassagesFile = join(sharedFolder, 'eval', 'required-passages.txt');

/** `key<TAB>verbatim excerpt<TAB>source file`, one a line. */
function requiredPassages(): Array<[key: string, excerpt: string]> {
  if (!existsSync(requiredPassagesFile)) return [];
  return readFileSync(requiredPassagesFile, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => {
      const [key = '', excerpt = ''] = line.split('\t');
      return [key, excerpt];
    });
}

// CI checks the shared folder out beside the clone; only a bare clone on its own lacks it.
describe.skipIf(!existsSync(sharedFolder))(
  `the official passages listed in ../shared/eval/required-passages.txt (skipped when ${sharedFolder} is absent)`,
  () => {
    const required = requiredPassages();

    it('lists passages to check', () => {
      expect(required.length).toBeGreaterThan(0);
      for (const [key, excerpt] of required) {
        expect(key, 'every line has a key').toMatch(/^\S+$/);
        expect(excerpt.trim(), `${key} has an excerpt`).not.toBe('');
      }
    });

    let texts: string[] = [];
    beforeAll(() => {
      texts = loadBundled().passages.map((passage) => collapse(passage.text));
    });

    it.each(required)('%s is quoted verbatim in some passage', (_key, excerpt) => {
      const wanted = collapse(excerpt).trim();
      expect(
        texts.some((text) => text.includes(wanted)),
        `no passage contains "${wanted}"`,
      ).toBe(true);
    });
  },
);

const sourcesFolder = join(sharedFolder, 'sources');

// The official texts we quote from are kept beside the clone in ../shared/sources.
describe.skipIf(!existsSync(sourcesFolder))(
  `every bundled quote is verbatim from ../shared/sources (skipped when ${sourcesFolder} is absent)`,
  () => {
    it('each paragraph of each passage, and each lead-in, appears in a source text', () => {
      const texts = readdirSync(sourcesFolder)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => readFileSync(join(sourcesFolder, name), 'utf8'))
        // Editorial notes and markers such as "[footnote 1]" are left out of quotes.
        .flatMap((text) => [collapse(text), collapse(text.replace(/ ?\[[^\]]*\]/g, ''))]);
      const missing = loadBundled().passages.flatMap((passage) =>
        [...passage.text.split('\n\n'), ...(passage.leadIn ? [passage.leadIn] : [])]
          // "…" at either end marks where the quote (or the page that preserved it) was cut.
          .map((part) => collapse(part).replace(/^…/, '').replace(/…$/, '').trim())
          .filter((part) => !texts.some((text) => text.includes(part)))
          .map((part) => `${passage.id}: ${part}`),
      );
      expect(missing).toEqual([]);
    });
  },
);
