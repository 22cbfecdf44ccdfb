import type { Knowledge, Passage } from '../src/index.js';

/** A deterministic pseudo-random generator, so that every run benchmarks the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A handbook-sized corpus: passages shaped like the bundled ones, with words drawn by Zipf's law
 * (as in real text) from a 30,000-word vocabulary: the bundled knowledge's own words, most frequent
 * first, then made-up words standing for the rest of a department's subjects.
 */
export function generatedKnowledge(base: Knowledge, count: number): Knowledge {
  const next = random(42);
  const vocabulary = vocabularyOf(base, next);
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= vocabulary.length; rank++) {
    total += 1 / rank;
    cumulative.push(total);
  }
  const word = () => {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return vocabulary[low];
  };
  const phrase = (length: number) => Array.from({ length }, word).join(' ');
  const passages: Passage[] = Array.from({ length: count }, (_, index) => {
    const model = base.passages[index % base.passages.length] as Passage;
    return {
      ...model,
      id: `generated-${index}`,
      text: phrase(20 + Math.floor(next() * 60)),
      keywords: Array.from({ length: 12 }, () => phrase(1)),
      questions: Array.from({ length: 6 }, () => phrase(8 + Math.floor(next() * 8))),
    };
  });
  return { ...base, passages };
}

/** Consonant-vowel syllables that made-up words are built from. */
const SYLLABLES = [
  'ba',
  'ce',
  'di',
  'fo',
  'gu',
  'ha',
  'je',
  'ki',
  'lo',
  'mu',
  'na',
  'pe',
  'ri',
  'so',
  'tu',
  'va',
  'we',
  'zo',
];

/** 30,000 words, most frequent first: the bundled knowledge's own, then made-up ones. */
function vocabularyOf(base: Knowledge, next: () => number): string[] {
  const frequency = new Map<string, number>();
  for (const passage of base.passages) {
    for (const word of `${passage.text} ${passage.questions.join(' ')}`.toLowerCase().split(/[^a-z']+/)) {
      if (word) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  const vocabulary = [...frequency.keys()].sort((a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0));
  while (vocabulary.length < 30_000) {
    const length = 2 + Math.floor(next() * 3);
    vocabulary.push(Array.from({ length }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(''));
  }
  return vocabulary;
}
