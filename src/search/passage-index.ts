import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Knowledge, Passage } from '../types.js';
import { createTextProcessor, type TextProcessor } from './text.js';
import { KINDS, OUT_OF_SCOPE, postingsOf, type Unit, type UnitKind, unitsOfKnowledge } from './units.js';

/**
 * How much each kind of unit counts when a question is matched against it. A passage is found through
 * several units, each matched on its own: its verbatim quote, our keywords for it, and each of our
 * example questions. Matching example questions one by one (as FAQ systems match question to question)
 * means a passage fits because one situation it answers is close to the question, not because it has
 * the longest list of examples.
 */
export interface FieldBoosts {
  /** The verbatim quote (with its lead-in and the name of its section). */
  text: number;
  /** Our keywords for the passage, taken together. */
  keywords: number;
  /** Each of our example questions, taken one at a time. */
  questions: number;
  /** How much the whole passage's BM25 (all its words together, relative to the best) counts in ranking, 0 to 1. */
  whole: number;
}

export const defaultFieldBoosts: FieldBoosts = { text: 0.6, keywords: 0.35, questions: 1, whole: 0.5 };

/** One document of the vocabulary index: a search term the knowledge holds. */
interface VocabularyTerm {
  id: string;
}

/** One word to look up: the question's word itself, or a word of the guidance it may have meant. */
interface Match {
  term: string;
  weight: number;
  /** Which of the question's words (1, 2 …) this stands for: an approximate word counts as that word. */
  word: number;
  asked: boolean;
}

/** From this many passages on, searches leave out words common to more than COMMON_TERM_SHARE of them. */
const LARGE_INDEX = 1000;
const COMMON_TERM_SHARE = 0.1;
const MIN_TERMS = 1;
/**
 * BM25+ constants, MiniSearch's defaults: how soon repeats of a word stop counting, how much length is
 * held against a field, and what any match is worth.
 */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** A word matched only approximately (a typo, a word cut short) counts this much of an exact match. */
const APPROXIMATE_MATCH = 0.7;

/** A built index as plain data (JSON-safe), for loading instead of building. */
export interface SavedIndex {
  /** How many units the postings number: a saved index whose count differs is not used. */
  units: number;
  /** Each term with the units (in `unitsOf` order) it occurs in. */
  postings: Array<[string, number[]]>;
}

/** Search terms with how much each counts: 1 for the question's own words, less for its context. */
export type WeightedTerms = ReadonlyMap<string, number>;

export interface RankedPassage {
  passage: Passage;
  /**
   * How closely the passage fits, 0 to 1: the cosine similarity (words weighted by rarity) between the
   * question and the passage's best-matching unit, times that kind of unit's boost and its source's weight.
   */
  fit: number;
  /** The best unit's plain cosine similarity, before boosts and weights: how much of the question it matched. */
  cosine: number;
  /** The same unit's cosine over the question's own words only, leaving out the message it is about. */
  askedCosine: number;
  /** What the ranking sorts by: the fit, blended with the whole passage's relative BM25. */
  score: number;
}

export interface RankOptions {
  /** Whether a word the index does not know may be matched approximately (default: any). */
  isFuzzy?: (term: string) => boolean;
  /** The question's own words, apart from its context: only these are matched against out-of-scope examples. */
  askedTerms?: ReadonlySet<string>;
}

export interface Ranking {
  passages: RankedPassage[];
  /** How closely the question matches our examples of questions the guidance does not cover, 0 to 1. */
  outOfScope: number;
}

/**
 * The passages' units in an inverted index of our own: cosine similarity needs each unit's length and
 * BM25 over whole passages needs each field's, which a search engine's scores hide, and one pass over
 * the postings gives both. MiniSearch holds the vocabulary, for finding the word a typo was meant to be.
 */
export class PassageIndex {
  readonly processor: TextProcessor;
  private readonly vocabulary: MiniSearch<VocabularyTerm>;
  private readonly passages: Passage[];
  private readonly passageWeight: Float64Array;
  private readonly units: Unit[];
  private readonly postings = new Map<string, Int32Array>();
  /** Number of units (out-of-scope examples aside) each term occurs in. */
  private readonly documentFrequency = new Map<string, number>();
  private readonly unitCount: number;
  /** Length of each unit's vector of distinct terms weighted by idf. */
  private readonly unitNorms: Float64Array;
  /**
   * BM25 over whole passages, field by field (quote, keywords, examples) as MiniSearch scores a
   * document: each field's length (distinct terms of its units, added up), average length, and the
   * number of passages whose field holds each term.
   */
  private readonly fieldLength: Float64Array[];
  private readonly averageFieldLength: number[];
  /** Each term's BM25 idf in each field (quote, keywords, examples). */
  private readonly fieldIdf = new Map<string, [number, number, number]>();
  // Scratch space for one ranking at a time (JavaScript runs one at a time): no allocation per question.
  private readonly dot: Float64Array;
  private readonly askedDot: Float64Array;
  private readonly askedShared: Uint8Array;
  private readonly termCount: Float64Array;
  private readonly bm25: Float64Array;
  private readonly termsMatched: Uint16Array;
  private readonly bestAskedCosine: Float64Array;
  /** Which ranking last touched a unit or passage, and which of the question's words last counted for it. */
  private call = 0;
  private readonly unitCall: Uint32Array;
  private readonly unitWord: Uint32Array;
  private readonly ownerCall: Uint32Array;
  private readonly ownerWord: Uint32Array;
  private readonly bestFit: Float64Array;
  private readonly bestCosine: Float64Array;

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
    this.passages = knowledge.passages;
    const sourceWeights = new Map(knowledge.sources.map((source) => [source.id, source.weight]));
    this.passageWeight = Float64Array.from(knowledge.passages, (passage) => sourceWeights.get(passage.sourceId) ?? 1);
    this.units = unitsOfKnowledge(knowledge);
    this.unitCount = this.units.filter((unit) => unit.kind !== OUT_OF_SCOPE).length;
    // Postings saved by a build that numbered units differently would point at the wrong units: rebuild.
    if (saved && saved.units === this.units.length) {
      for (const [term, units] of saved.postings) this.postings.set(term, Int32Array.from(units));
    } else {
      for (const [term, units] of postingsOf(this.units, this.processor)) this.postings.set(term, units);
    }
    // The terms are already processed: index and search them as they are.
    const asIs: Options<VocabularyTerm> = {
      fields: ['id'],
      tokenize: (text) => [text],
      processTerm: (term) => term,
    };
    this.vocabulary = new MiniSearch<VocabularyTerm>(asIs);
    this.vocabulary.addAll([...this.postings.keys()].map((id) => ({ id })));
    // A word's rarity is counted over units (each example question, each quote), as the units are what
    // a question is matched against. Examples of what the guidance does not cover are not counted:
    // they leave the rarity of words alone.
    for (const [term, units] of this.postings) {
      let count = 0;
      for (const unit of units) if (this.units[unit]?.kind !== OUT_OF_SCOPE) count++;
      if (count > 0) this.documentFrequency.set(term, count);
    }
    const squares = new Float64Array(this.units.length);
    for (const [term, units] of this.postings) {
      const idf = this.idf(term);
      for (const unit of units) squares[unit] = (squares[unit] ?? 0) + idf * idf;
    }
    this.unitNorms = squares.map(Math.sqrt);
    this.fieldLength = [0, 1, 2].map(() => new Float64Array(this.passages.length));
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
      const idf = (holders: number) => Math.log(1 + (this.passages.length - holders + 0.5) / (holders + 0.5));
      this.fieldIdf.set(term, [idf(holders[0]), idf(holders[1]), idf(holders[2])]);
    }
    this.averageFieldLength = this.fieldLength.map(
      (lengths) => lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.passages.length),
    );
    this.dot = new Float64Array(this.units.length);
    this.askedDot = new Float64Array(this.units.length);
    this.askedShared = new Uint8Array(this.units.length);
    this.termCount = new Float64Array(this.passages.length * 3);
    this.bm25 = new Float64Array(this.passages.length);
    this.termsMatched = new Uint16Array(this.passages.length);
    this.bestAskedCosine = new Float64Array(this.passages.length);
    this.unitCall = new Uint32Array(this.units.length);
    this.unitWord = new Uint32Array(this.units.length);
    this.ownerCall = new Uint32Array(this.passages.length);
    this.ownerWord = new Uint32Array(this.passages.length);
    this.bestFit = new Float64Array(this.passages.length);
    this.bestCosine = new Float64Array(this.passages.length);
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

  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /**
   * In a large index, words found in a big share of passages barely tell them apart but cost the most
   * to look up (the idea of Lucene's "common terms" query): search the rarer words, and at least the
   * rarest one. Small indexes search every word.
   */
  private distinctiveTerms(terms: string[]): string[] {
    if (this.passages.length < LARGE_INDEX) return terms;
    const frequency = (term: string) => this.documentFrequency.get(term) ?? 0;
    const limit = this.unitCount * COMMON_TERM_SHARE;
    const rarestFirst = [...terms].sort((a, b) => frequency(a) - frequency(b));
    return rarestFirst.filter((term, index) => index < MIN_TERMS || frequency(term) <= limit);
  }

  /**
   * The guidance's words that a word it does not have was probably meant to be: one or two slips of
   * the keyboard ("arguement") or the start of a longer word ("/guidance princ").
   */
  private approximations(term: string): string[] {
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

  /**
   * The best `limit` passages for weighted search terms, best first. Each unit sharing a word with the
   * question is scored by cosine similarity, so that a short example question matched in full beats a
   * long text that happens to hold the same words among many others; a passage takes its best unit's
   * score, times its kind's boost and its source's weight, blended with its whole text's BM25.
   */
  rank(terms: WeightedTerms, limit: number, { isFuzzy = () => true, askedTerms }: RankOptions = {}): Ranking {
    const asked = (term: string) => !askedTerms || askedTerms.size === 0 || askedTerms.has(term);
    const weighted = [...terms].filter(([, weight]) => weight > 0);
    let queryNorm = 0;
    let askedNorm = 0;
    let askedCount = 0;
    for (const [term, weight] of weighted) {
      const square = (weight * this.idf(term)) ** 2;
      queryNorm += square;
      if (!asked(term)) continue;
      askedNorm += square;
      askedCount++;
    }
    queryNorm = Math.sqrt(queryNorm);
    askedNorm = Math.sqrt(askedNorm);
    if (queryNorm === 0) return { passages: [], outOfScope: 0 };

    // Words the guidance has are matched exactly, so that "policy" does not also find "politics";
    // others approximately, unless they are real English words ("office" is not "official"). A word
    // matched approximately shares its weight among the words it may have meant, and counts once.
    const matches: Match[] = [];
    const searched = this.distinctiveTerms(weighted.map(([term]) => term));
    searched.forEach((term, n) => {
      const word = n + 1;
      const weight = terms.get(term) ?? 1;
      const isAsked = asked(term);
      if (this.postings.has(term)) {
        matches.push({ term, weight, word, asked: isAsked });
        return;
      }
      if (!isFuzzy(term)) return;
      const near = this.approximations(term);
      for (const match of near) {
        matches.push({ term: match, weight: (weight * APPROXIMATE_MATCH) / near.length, word, asked: isAsked });
      }
    });

    this.call++;
    const touched: number[] = [];
    const scored: number[] = [];
    try {
      this.accumulate(matches, touched, scored);
      return this.collect(touched, scored, limit, queryNorm, askedNorm, askedCount);
    } finally {
      // Leave the scratch space clean whatever happened, so that one bad question cannot skew the next.
      for (const n of touched) {
        this.dot[n] = 0;
        this.askedDot[n] = 0;
        this.askedShared[n] = 0;
      }
      for (const owner of scored) {
        this.bm25[owner] = 0;
        this.termsMatched[owner] = 0;
        this.bestFit[owner] = 0;
      }
    }
  }

  /**
   * One pass over each matched word's units: the dot products for the cosines, and how many units of
   * each passage's fields hold the word, for BM25+ over the whole passage.
   */
  private accumulate(matches: Match[], touched: number[], scored: number[]): void {
    const counted: number[] = [];
    for (const { term, weight, word, asked: isAsked } of matches) {
      const idf = this.idf(term);
      const product = weight * idf * idf;
      for (const n of this.postings.get(term) ?? []) {
        if (this.unitCall[n] !== this.call) {
          this.unitCall[n] = this.call;
          this.unitWord[n] = 0;
          touched.push(n);
        }
        this.dot[n] = (this.dot[n] ?? 0) + product;
        const unit = this.units[n] as Unit;
        if (isAsked) {
          this.askedDot[n] = (this.askedDot[n] ?? 0) + product;
          if (this.unitWord[n] !== word) this.askedShared[n] = (this.askedShared[n] ?? 0) + 1;
        }
        this.unitWord[n] = word;
        if (unit.kind === OUT_OF_SCOPE) continue;
        const slot = unit.owner * 3 + unit.kind;
        if (this.termCount[slot] === 0) counted.push(slot);
        this.termCount[slot] = (this.termCount[slot] ?? 0) + 1;
      }
      const idfs = this.fieldIdf.get(term);
      for (const slot of counted) {
        const owner = Math.floor(slot / 3);
        const field = slot % 3;
        const count = this.termCount[slot] ?? 0;
        this.termCount[slot] = 0;
        const length = (this.fieldLength[field]?.[owner] ?? 0) / (this.averageFieldLength[field] || 1);
        const saturated = (count * (BM25.k + 1)) / (count + BM25.k * (1 - BM25.b + BM25.b * length));
        if (this.ownerCall[owner] !== this.call) {
          this.ownerCall[owner] = this.call;
          this.ownerWord[owner] = 0;
          scored.push(owner);
        }
        this.bm25[owner] = (this.bm25[owner] ?? 0) + weight * (idfs?.[field] ?? 0) * (BM25.d + saturated);
        if (this.ownerWord[owner] !== word) {
          this.ownerWord[owner] = word;
          this.termsMatched[owner] = (this.termsMatched[owner] ?? 0) + 1;
        }
      }
      counted.length = 0;
    }
  }

  /** Cosines from the dot products, each passage's best unit, and the blend with its relative BM25. */
  private collect(
    touched: number[],
    scored: number[],
    limit: number,
    queryNorm: number,
    askedNorm: number,
    askedCount: number,
  ): Ranking {
    let outOfScope = 0;
    for (const n of touched) {
      const unit = this.units[n] as Unit;
      const norm = this.unitNorms[n] ?? 0;
      if (norm === 0) continue;
      const askedCosine = askedNorm > 0 ? Math.min(1, (this.askedDot[n] ?? 0) / (norm * askedNorm)) : 0;
      if (unit.kind === OUT_OF_SCOPE) {
        // What the person asks decides whether it is out of scope; the message they paste may be about
        // anything. One shared word ("carry", "secret") is not enough unless the question has no more.
        if ((this.askedShared[n] ?? 0) >= Math.min(2, askedCount)) outOfScope = Math.max(outOfScope, askedCosine);
        continue;
      }
      const cosine = Math.min(1, (this.dot[n] ?? 0) / (norm * queryNorm));
      const fit = cosine * this.boosts[KINDS[unit.kind] as UnitKind] * (this.passageWeight[unit.owner] ?? 1);
      if (fit > (this.bestFit[unit.owner] ?? 0)) {
        this.bestFit[unit.owner] = fit;
        this.bestCosine[unit.owner] = cosine;
        this.bestAskedCosine[unit.owner] = askedCosine;
      }
    }

    // The whole passage's BM25, times how many of the question's words it matched (as MiniSearch
    // scores), relative to the best passage's: the evidence of all its words, quote and examples
    // together, for a question that no one unit covers.
    let topBm25 = 0;
    for (const owner of scored) {
      this.bm25[owner] = (this.bm25[owner] ?? 0) * (this.termsMatched[owner] ?? 0);
      topBm25 = Math.max(topBm25, this.bm25[owner] ?? 0);
    }
    const share = this.boosts.whole;
    const best: RankedPassage[] = [];
    for (const owner of scored) {
      const fit = this.bestFit[owner] ?? 0;
      if (fit === 0) continue;
      const relative = topBm25 > 0 ? ((this.bm25[owner] ?? 0) / topBm25) * (this.passageWeight[owner] ?? 1) : 0;
      const score = (1 - share) * fit + share * relative;
      if (best.length === limit && score <= (best[limit - 1]?.score ?? 0)) continue;
      const ranked: RankedPassage = {
        passage: this.passages[owner] as Passage,
        fit,
        cosine: this.bestCosine[owner] ?? 0,
        askedCosine: this.bestAskedCosine[owner] ?? 0,
        score,
      };
      let at = best.length;
      while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
      best.splice(at, 0, ranked);
      if (best.length > limit) best.pop();
    }
    return { passages: best, outOfScope };
  }
}
