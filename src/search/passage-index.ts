import type { Knowledge, Passage } from '../types.js';
import { InvertedIndex, type SavedIndex } from './inverted-index.js';
import { type Match, queryMatches, type RankOptions, type WeightedTerms } from './query-terms.js';
import { createTextProcessor, type TextProcessor } from './text.js';
import { KINDS, OUT_OF_SCOPE, QUESTIONS as QUESTIONS_FIELD, type Unit, type UnitKind } from './units.js';

export type { SavedIndex } from './inverted-index.js';
export type { RankOptions, WeightedTerms } from './query-terms.js';

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

/**
 * BM25+ constants, MiniSearch's defaults: how soon repeats of a word stop counting, how much length is
 * held against a field, and what any match is worth.
 */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Length counts in full against the example questions taken together: a passage with 80 examples holds
 * many of any question's words by chance, and should not outrank one with 15 for the length of its list.
 */
const QUESTIONS_LENGTH_WEIGHT = 1;

/**
 * How much the number of the question's words a passage holds multiplies its BM25 (MiniSearch uses the
 * count itself, an exponent of 1). With hundreds of example questions in some passages, the count grew
 * with the length of their lists: one passage became the top answer to 8% of questions. Its square root
 * still rewards a passage that holds more of the question, without letting list length decide.
 */
const MATCHED_WORDS_EXPONENT = 0.5;
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

export interface Ranking {
  passages: RankedPassage[];
  /** How closely the question matches our examples of questions the guidance does not cover, 0 to 1. */
  outOfScope: number;
}

/**
 * Ranks passages for a question's weighted terms over the inverted index (inverted-index.ts, which
 * holds the postings and the statistics that cosine similarity and BM25 need). Ranking is the hot
 * path: it reuses scratch arrays rather than allocating for each question.
 */
export class PassageIndex {
  readonly processor: TextProcessor;
  private readonly index: InvertedIndex;
  private readonly passages: Passage[];
  private readonly passageWeight: Float64Array;
  // The index's arrays, held here too so that the loops below read them directly.
  private readonly units: Unit[];
  private readonly postings: ReadonlyMap<string, Int32Array>;
  private readonly unitNorms: Float64Array;
  private readonly fieldLength: Float64Array[];
  private readonly averageFieldLength: number[];
  private readonly fieldIdf: ReadonlyMap<string, [number, number, number]>;
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
    this.index = new InvertedIndex(knowledge, this.processor, saved);
    ({
      units: this.units,
      postings: this.postings,
      unitNorms: this.unitNorms,
      fieldLength: this.fieldLength,
      averageFieldLength: this.averageFieldLength,
      fieldIdf: this.fieldIdf,
    } = this.index);
    const units = this.units.length;
    const passages = this.passages.length;
    this.dot = new Float64Array(units);
    this.askedDot = new Float64Array(units);
    this.askedShared = new Uint8Array(units);
    this.termCount = new Float64Array(passages * 3);
    this.bm25 = new Float64Array(passages);
    this.termsMatched = new Uint16Array(passages);
    this.bestAskedCosine = new Float64Array(passages);
    this.unitCall = new Uint32Array(units);
    this.unitWord = new Uint32Array(units);
    this.ownerCall = new Uint32Array(passages);
    this.ownerWord = new Uint32Array(passages);
    this.bestFit = new Float64Array(passages);
    this.bestCosine = new Float64Array(passages);
  }

  /** The index as plain data, to be given back to the constructor with the same knowledge. */
  save(): SavedIndex {
    return this.index.save();
  }

  /** Inverse document frequency of a search term; terms the index has never seen get the highest. */
  idf(term: string): number {
    return this.index.idf(term);
  }

  knows(term: string): boolean {
    return this.index.knows(term);
  }

  /**
   * The best `limit` passages for weighted search terms, best first. Each unit sharing a word with the
   * question is scored by cosine similarity, so that a short example question matched in full beats a
   * long text that happens to hold the same words among many others; a passage takes its best unit's
   * score, times its kind's boost and its source's weight, blended with its whole text's BM25.
   */
  rank(terms: WeightedTerms, limit: number, options: RankOptions = {}): Ranking {
    const query = queryMatches(this.index, terms, options);
    if (!query) return { passages: [], outOfScope: 0 };
    const { matches, queryNorm, askedNorm, askedCount } = query;
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
        const b = field === QUESTIONS_FIELD ? QUESTIONS_LENGTH_WEIGHT : BM25.b;
        const saturated = (count * (BM25.k + 1)) / (count + BM25.k * (1 - b + b * length));
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
      this.bm25[owner] = (this.bm25[owner] ?? 0) * (this.termsMatched[owner] ?? 0) ** MATCHED_WORDS_EXPONENT;
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
