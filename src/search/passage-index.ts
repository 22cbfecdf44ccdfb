import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import type { Knowledge, Passage } from '../types.js';
import { createTextProcessor, type TextProcessor } from './text.js';

/** How much each field counts when a question's words are found in it. */
export interface FieldBoosts {
  /** The verbatim quote. */
  text: number;
  /** Our keywords and synonyms for the passage, and the name of the section it stands in. */
  keywords: number;
  /** Our example questions for the passage. */
  questions: number;
}

export const defaultFieldBoosts: FieldBoosts = { text: 1, keywords: 1, questions: 1 };

interface IndexedDocument {
  id: string;
  text: string;
  keywords: string;
  questions: string;
}

/** From this many passages on, searches leave out words common to more than COMMON_TERM_SHARE of them. */
const LARGE_INDEX = 1000;
const COMMON_TERM_SHARE = 0.1;
const MIN_TERMS = 1;

/** A built index as plain data (JSON-safe), for loading instead of building. */
export interface SavedIndex {
  miniSearch: AsPlainObject;
  documentFrequency: Array<[string, number]>;
}

/** Search terms with how much each counts: 1 for the question's own words, less for its context. */
export type WeightedTerms = ReadonlyMap<string, number>;

export interface RankedPassage {
  passage: Passage;
  score: number;
  /** The summed idf × weight of the search terms this passage matched (exactly or not). */
  matched: number;
}

/** A MiniSearch index over the passages, with the vocabulary it holds for judging how well a question is covered. */
export class PassageIndex {
  readonly processor: TextProcessor;
  private readonly search: MiniSearch<IndexedDocument>;
  private readonly passages: Map<string, Passage>;
  private readonly sourceWeights: Map<string, number>;
  /** Number of passages each search term occurs in, over all fields. */
  private readonly documentFrequency: Map<string, number> = new Map();

  /**
   * Indexes the knowledge, or takes a saved index of the same knowledge (see `save`), which is
   * quicker to load than to build when there are thousands of passages.
   */
  constructor(
    knowledge: Knowledge,
    private readonly boosts: FieldBoosts = defaultFieldBoosts,
    saved?: SavedIndex,
  ) {
    this.processor = createTextProcessor(knowledge.synonyms);
    this.passages = new Map(knowledge.passages.map((passage) => [passage.id, passage]));
    this.sourceWeights = new Map(knowledge.sources.map((source) => [source.id, source.weight]));
    const options: Options<IndexedDocument> = {
      fields: ['text', 'keywords', 'questions'],
      tokenize: this.processor.tokenize,
      processTerm: this.processor.processTerm,
    };
    if (saved) {
      this.search = MiniSearch.loadJS(saved.miniSearch, options);
      this.documentFrequency = new Map(saved.documentFrequency);
      return;
    }
    // Document frequencies are counted while MiniSearch tokenizes, rather than in a second pass:
    // addAll takes one document at a time, in order, and calls extractField as each one starts.
    let currentPassage = '';
    let seen = new Set<string>();
    const extractField = (document: IndexedDocument, field: string) => {
      if (document.id !== currentPassage) {
        currentPassage = document.id;
        seen = new Set();
      }
      return document[field as keyof IndexedDocument];
    };
    const processTerm = (term: string) => {
      const processed = this.processor.processTerm(term);
      if (processed && !seen.has(processed)) {
        seen.add(processed);
        this.documentFrequency.set(processed, (this.documentFrequency.get(processed) ?? 0) + 1);
      }
      return processed;
    };
    this.search = new MiniSearch<IndexedDocument>({ ...options, processTerm, extractField, searchOptions: options });
    this.search.addAll(
      knowledge.passages.map((passage) => ({
        id: passage.id,
        text: passage.text,
        keywords: [...passage.keywords, passage.section].join(' \n '),
        questions: passage.questions.join(' \n '),
      })),
    );
  }

  /** The index as plain data, to be given back to the constructor with the same knowledge. */
  save(): SavedIndex {
    return { miniSearch: this.search.toJSON(), documentFrequency: [...this.documentFrequency] };
  }

  /** Inverse document frequency of a search term; terms the index has never seen get the highest. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.passages.size - frequency + 0.5) / (frequency + 0.5));
  }

  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /**
   * In a large index, words found in a big share of passages barely tell them apart but cost the most
   * to look up (the idea of Lucene's "common terms" query): search the rarer words, and at least the
   * rarest one. Small indexes search every word.
   */
  private distinctiveTerms(terms: string[]): string[] {
    if (this.passages.size < LARGE_INDEX) return terms;
    const frequency = (term: string) => this.documentFrequency.get(term) ?? 0;
    const limit = this.passages.size * COMMON_TERM_SHARE;
    const rarestFirst = [...terms].sort((a, b) => frequency(a) - frequency(b));
    return rarestFirst.filter((term, index) => index < MIN_TERMS || frequency(term) <= limit);
  }

  /**
   * The best `limit` passages for weighted search terms, best first. A passage's score is MiniSearch's
   * BM25 over its fields (which favours passages matching more of the terms), times its source's weight.
   */
  rank(terms: WeightedTerms, limit: number): RankedPassage[] {
    const options: SearchOptions = {
      // The terms are already processed: search them as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { ...this.boosts },
      boostTerm: (term) => terms.get(term) ?? 1,
      // Fuzzy and prefix matching are for words the guidance does not have: a typo ("arguement") or
      // a word cut short ("/guidance princ"). A word it has is matched exactly, so that "policy"
      // does not also find "politics".
      fuzzy: (term) => (!this.knows(term) && term.length > 4 ? 0.25 : false),
      maxFuzzy: 2,
      prefix: (term) => !this.knows(term) && term.length >= 3,
    };
    const query = this.distinctiveTerms([...terms.keys()]);
    const results = this.search.search(query.join(' '), options);
    // Source weights reorder MiniSearch's ranking. Only the first few passages are shown, so keep a
    // short sorted list rather than sorting thousands of matches again.
    const best: Array<{ passage: Passage; score: number; queryTerms: string[] }> = [];
    for (const result of results) {
      const passage = this.passages.get(String(result.id));
      if (!passage) continue;
      const score = result.score * (this.sourceWeights.get(passage.sourceId) ?? 1);
      if (best.length === limit && score <= (best[limit - 1]?.score ?? 0)) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
      best.splice(at, 0, { passage, score, queryTerms: result.queryTerms });
      if (best.length > limit) best.pop();
    }
    return best.map(({ passage, score, queryTerms }) => ({
      passage,
      score,
      matched: queryTerms.reduce((sum, term) => sum + this.idf(term) * (terms.get(term) ?? 1), 0),
    }));
  }
}
