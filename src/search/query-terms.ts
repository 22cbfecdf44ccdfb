import type { InvertedIndex } from './inverted-index.js';

// Which of the index's words a question's terms are looked up as, and with what weight: before any
// unit is scored, the question's words are turned into words the guidance has.

/** Search terms with how much each counts: 1 for the question's own words, less for its context. */
export type WeightedTerms = ReadonlyMap<string, number>;

export interface RankOptions {
  /** Whether a word the index does not know may be matched approximately (default: any). */
  isFuzzy?: (term: string) => boolean;
  /** The question's own words, apart from its context: only these are matched against out-of-scope examples. */
  askedTerms?: ReadonlySet<string>;
}

/** One word to look up: the question's word itself, or a word of the guidance it may have meant. */
export interface Match {
  term: string;
  weight: number;
  /** Which of the question's words (1, 2 …) this stands for: an approximate word counts as that word. */
  word: number;
  asked: boolean;
}

/** The words to look up, and the lengths of the question's vector (all its words, and its own words only). */
export interface QueryMatches {
  matches: Match[];
  queryNorm: number;
  askedNorm: number;
  /** How many of the question's own words there are. */
  askedCount: number;
}

/** From this many passages on, searches leave out words common to more than COMMON_TERM_SHARE of them. */
const LARGE_INDEX = 1000;
const COMMON_TERM_SHARE = 0.1;
const MIN_TERMS = 1;
/** A word matched only approximately (a typo, a word cut short) counts this much of an exact match. */
const APPROXIMATE_MATCH = 0.7;

/** The words to look up for weighted search terms; undefined when none of them carries any weight. */
export function queryMatches(
  index: InvertedIndex,
  terms: WeightedTerms,
  { isFuzzy = () => true, askedTerms }: RankOptions = {},
): QueryMatches | undefined {
  const asked = (term: string) => !askedTerms || askedTerms.size === 0 || askedTerms.has(term);
  const weighted = [...terms].filter(([, weight]) => weight > 0);
  let queryNorm = 0;
  let askedNorm = 0;
  let askedCount = 0;
  for (const [term, weight] of weighted) {
    const square = (weight * index.idf(term)) ** 2;
    queryNorm += square;
    if (!asked(term)) continue;
    askedNorm += square;
    askedCount++;
  }
  queryNorm = Math.sqrt(queryNorm);
  askedNorm = Math.sqrt(askedNorm);
  if (queryNorm === 0) return undefined;

  // Words the guidance has are matched exactly, so that "policy" does not also find "politics";
  // others approximately, unless they are real English words ("office" is not "official"). A word
  // matched approximately shares its weight among the words it may have meant, and counts once.
  const matches: Match[] = [];
  const searched = distinctiveTerms(
    index,
    weighted.map(([term]) => term),
  );
  searched.forEach((term, n) => {
    const word = n + 1;
    const weight = terms.get(term) ?? 1;
    const isAsked = asked(term);
    if (index.postings.has(term)) {
      matches.push({ term, weight, word, asked: isAsked });
      return;
    }
    if (!isFuzzy(term)) return;
    const near = index.approximations(term);
    for (const match of near) {
      matches.push({ term: match, weight: (weight * APPROXIMATE_MATCH) / near.length, word, asked: isAsked });
    }
  });
  return { matches, queryNorm, askedNorm, askedCount };
}

/**
 * In a large index, words found in a big share of passages barely tell them apart but cost the most
 * to look up (the idea of Lucene's "common terms" query): search the rarer words, and at least the
 * rarest one. Small indexes search every word.
 */
function distinctiveTerms(index: InvertedIndex, terms: string[]): string[] {
  if (index.passageCount < LARGE_INDEX) return terms;
  const frequency = (term: string) => index.frequency(term);
  const limit = index.unitCount * COMMON_TERM_SHARE;
  const rarestFirst = [...terms].sort((a, b) => frequency(a) - frequency(b));
  return rarestFirst.filter((term, position) => position < MIN_TERMS || frequency(term) <= limit);
}
