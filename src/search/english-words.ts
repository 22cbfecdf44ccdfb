import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Whether a word is an ordinary English word: a real word is never taken for a typo of another one. */
export interface WordList {
  has(word: string): boolean;
}

/**
 * The ~275,000 words of `an-array-of-english-words` (British and American spellings). Kept as one
 * sorted string with the offsets of its words, searched by bisection: about 4 MB, against 13 MB for
 * the same words in a Set, in a server whose heap is capped.
 */
class SortedWords implements WordList {
  private readonly offsets: Uint32Array;

  constructor(
    private readonly joined: string,
    count: number,
  ) {
    this.offsets = new Uint32Array(count + 1);
    let at = 0;
    let n = 0;
    while (n < count) {
      this.offsets[n++] = at;
      at = joined.indexOf('\n', at) + 1;
    }
    this.offsets[count] = joined.length + 1;
  }

  has(word: string): boolean {
    let low = 0;
    let high = this.offsets.length - 2;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.joined.slice(this.offsets[middle], (this.offsets[middle + 1] ?? 0) - 1);
      if (candidate === word) return true;
      if (candidate < word) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

let loaded: WordList | undefined;

/** The English word list, read once per process. */
export function englishWords(): WordList {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve('an-array-of-english-words');
    const words = (JSON.parse(readFileSync(file, 'utf8')) as string[]).filter((word) => !word.includes('\n'));
    // Sorted by code unit, as the bisection compares.
    words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    loaded = new SortedWords(words.join('\n'), words.length);
  }
  return loaded;
}
