import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Knowledge } from '../types.js';
import type { TextProcessor } from './text.js';
import { OUT_OF_SCOPE, postingsOf, type Unit, unitsOfKnowledge } from './units.js';

/** A built index as plain data (JSON-safe), for loading instead of building. */
export interface SavedIndex {
  /** How many units the postings number: a saved index whose count differs is not used. */
  units: number;
  /** Each term with the units (in `unitsOf` order) it occurs in. */
  postings: Array<[string, number[]]>;
}

/** One document of the vocabulary index: a search term the knowledge holds. */
interface VocabularyTerm {
  id: string;
}

/** BM25's idf of a term held by `holders` of `documents`, as MiniSearch computes it. */
const bm25Idf = (documents: number, holders: number) => Math.log(1 + (documents - holders + 0.5) / (holders + 0.5));

/**
 * The passages' units in an inverted index of our own, with the statistics that ranking
 * (passage-index.ts) needs and a search engine's scores hide: cosine similarity needs each unit's
 * length, and BM25 over whole passages needs each field's. They are all worked out once, here, from
 * the postings. MiniSearch holds the vocabulary, for finding the word a typo was meant to be.
 */
export class InvertedIndex {
  readonly passageCount: number;
  readonly units: Unit[];
  readonly postings = new Map<string, Int32Array>();
  /** Number of units (out-of-scope examples aside). */
  readonly unitCount: number;
  /** Length of each unit's vector of distinct terms weighted by idf. */
  readonly unitNorms: Float64Array;
  /**
   * BM25 over whole passages, field by field (quote, keywords, examples) as MiniSearch scores a
   * document: each field's length (distinct terms of its units, added up), average length, and the
   * number of passages whose field holds each term.
   */
  readonly fieldLength: Float64Array[];
  readonly averageFieldLength: number[];
  /** Each term's BM25 idf in each field (quote, keywords, examples). */
  readonly fieldIdf = new Map<string, [number, number, number]>();
  /** Number of units (out-of-scope examples aside) each term occurs in. */
  private readonly documentFrequency = new Map<string, number>();
  private readonly vocabulary: MiniSearch<VocabularyTerm>;

  /**
   * Indexes the knowledge's units, or takes a saved index of the same knowledge (see `save`), which
   * is quicker to load than to build when there are thousands of passages.
   */
  constructor(knowledge: Knowledge, processor: TextProcessor, saved?: SavedIndex) {
    this.passageCount = knowledge.passages.length;
    this.units = unitsOfKnowledge(knowledge);
    this.unitCount = this.units.filter((unit) => unit.kind !== OUT_OF_SCOPE).length;
    // Postings saved by a build that numbered units differently would point at the wrong units: rebuild.
    if (saved && saved.units === this.units.length) {
      for (const [term, units] of saved.postings) this.postings.set(term, Int32Array.from(units));
    } else {
      for (const [term, units] of postingsOf(this.units, processor)) this.postings.set(term, units);
    }
    this.vocabulary = this.vocabularyIndex();
    this.countDocumentFrequency();
    this.unitNorms = this.unitNormsOf();
    this.fieldLength = [0, 1, 2].map(() => new Float64Array(this.passageCount));
    this.countFields();
    this.averageFieldLength = this.fieldLength.map(
      (lengths) => lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.passageCount),
    );
  }

  /** The index as plain data, to be given back to the constructor with the same knowledge. */
  save(): SavedIndex {
    return { units: this.units.length, postings: [...this.postings].map(([term, units]) => [term, [...units]]) };
  }

  /** Inverse document frequency of a search term; terms the index has never seen get the highest. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.unitCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** How many units (out-of-scope examples aside) hold a term. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /**
   * The guidance's words that a word it does not have was probably meant to be: one or two slips of
   * the keyboard ("arguement") or the start of a longer word ("/guidance princ").
   */
  approximations(term: string): string[] {
    const options: SearchOptions = {
      tokenize: (text) => [text],
      processTerm: (text) => text,
      fuzzy: term.length > 4 ? 0.25 : false,
      maxFuzzy: 2,
      prefix: term.length >= 3,
    };
    const found = new Set<string>();
    for (const result of this.vocabulary.search(term, options)) found.add(String(result.id));
    found.delete(term);
    return [...found];
  }

  private vocabularyIndex(): MiniSearch<VocabularyTerm> {
    // The terms are already processed: index and search them as they are.
    const asIs: Options<VocabularyTerm> = {
      fields: ['id'],
      tokenize: (text) => [text],
      processTerm: (term) => term,
    };
    const vocabulary = new MiniSearch<VocabularyTerm>(asIs);
    vocabulary.addAll([...this.postings.keys()].map((id) => ({ id })));
    return vocabulary;
  }

  /**
   * A word's rarity is counted over units (each example question, each quote), as the units are what
   * a question is matched against. Examples of what the guidance does not cover are not counted: they
   * leave the rarity of words alone.
   */
  private countDocumentFrequency(): void {
    for (const [term, units] of this.postings) {
      let count = 0;
      for (const unit of units) if (this.units[unit]?.kind !== OUT_OF_SCOPE) count++;
      if (count > 0) this.documentFrequency.set(term, count);
    }
  }

  private unitNormsOf(): Float64Array {
    const squares = new Float64Array(this.units.length);
    for (const [term, units] of this.postings) {
      const idf = this.idf(term);
      for (const unit of units) squares[unit] = (squares[unit] ?? 0) + idf * idf;
    }
    return squares.map(Math.sqrt);
  }

  /** Each passage's field lengths, and each term's idf in each field. */
  private countFields(): void {
    for (const [term, units] of this.postings) {
      // Units are numbered passage by passage, so a passage's units holding the term come together.
      const holders: [number, number, number] = [0, 0, 0];
      const lastOwner = [-1, -1, -1];
      for (const n of units) {
        const unit = this.units[n];
        if (!unit || unit.kind === OUT_OF_SCOPE) continue;
        const lengths = this.fieldLength[unit.kind] as Float64Array;
        lengths[unit.owner] = (lengths[unit.owner] ?? 0) + 1;
        if (lastOwner[unit.kind] !== unit.owner) {
          lastOwner[unit.kind] = unit.owner;
          holders[unit.kind]++;
        }
      }
      this.fieldIdf.set(term, [
        bm25Idf(this.passageCount, holders[0]),
        bm25Idf(this.passageCount, holders[1]),
        bm25Idf(this.passageCount, holders[2]),
      ]);
    }
  }
}
