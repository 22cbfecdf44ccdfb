import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import type { Knowledge, Passage } from '../types.js';
import { createTextProcessor, type TextProcessor } from './text.js';

/**
 * How much each kind of unit counts when a question is matched against it. A passage is found through
 * several units, each matched on its own: its verbatim quote, our keywords for it, and each of our
 * example questions. Matching example questions one by one (as FAQ systems match question to question)
 * means a passage wins because one situation it answers is close to the question, not because it has
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

type UnitKind = 'text' | 'keywords' | 'questions';

interface Unit {
  /** `passage id`#`kind``n`: unique, and short to keep the index small. */
  id: string;
  passageId: string;
  kind: UnitKind | 'out-of-scope';
  text: string;
}

/** From this many passages on, searches leave out words common to more than COMMON_TERM_SHARE of them. */
const LARGE_INDEX = 1000;
const COMMON_TERM_SHARE = 0.1;
const MIN_TERMS = 1;
/** A word matched only approximately (a typo, a word cut short) counts this much of an exact match. */
const APPROXIMATE_MATCH = 0.7;

/** A built index as plain data (JSON-safe), for loading instead of building. */
export interface SavedIndex {
  miniSearch: AsPlainObject;
  wholePassages: AsPlainObject;
  documentFrequency: Array<[string, number]>;
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
  /** What the ranking sorts by: the fit, blended with the whole passage's relative BM25. */
  score: number;
  /** The kind of unit that matched best. */
  via: UnitKind;
}

export interface Ranking {
  passages: RankedPassage[];
  /** How closely the question matches our examples of questions the guidance does not cover, 0 to 1. */
  outOfScope: number;
}

/** A MiniSearch index over the passages' units, with the vocabulary it holds for judging a question. */
export class PassageIndex {
  readonly processor: TextProcessor;
  private readonly search: MiniSearch<Unit>;
  /** Whole passages (all their units as one document each), scored by BM25: the evidence of all their words. */
  private readonly whole: MiniSearch<Unit>;
  private readonly passages: Map<string, Passage>;
  private readonly sourceWeights: Map<string, number>;
  /** Number of passages each search term occurs in, over all their units. */
  private readonly documentFrequency: Map<string, number> = new Map();
  /** Length (norm) of each unit's vector of distinct terms weighted by idf. */
  private readonly unitNorms = new Map<string, number>();
  /** Units counted for rarity: every passage's quote, keywords and examples. */
  private readonly unitCount: number;
  private readonly unitOwner = new Map<string, { passageId: string; kind: UnitKind | 'out-of-scope' }>();

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
    const units = [
      ...knowledge.passages.flatMap(unitsOf),
      ...(knowledge.outOfScope ?? []).flatMap((topic) =>
        topic.questions.map((question, n) => ({
          id: `!${topic.id}#q${n}`,
          passageId: topic.id,
          kind: 'out-of-scope' as const,
          text: question,
        })),
      ),
    ];
    const options: Options<Unit> = {
      fields: ['text'],
      tokenize: this.processor.tokenize,
      processTerm: this.processor.processTerm,
    };
    this.unitCount = units.filter((unit) => unit.kind !== 'out-of-scope').length;
    const wholeOptions: Options<Unit> = { ...options, fields: ['text', 'keywords', 'questions'] };
    if (saved) {
      this.search = MiniSearch.loadJS(saved.miniSearch, options);
      this.whole = MiniSearch.loadJS(saved.wholePassages, wholeOptions);
      this.documentFrequency = new Map(saved.documentFrequency);
    } else {
      // A word's rarity is counted over units (each example question, each quote), as the units are
      // what a question is matched against. Examples of what the guidance does not cover are not
      // counted: they leave the rarity of words alone.
      for (const unit of units) {
        if (unit.kind === 'out-of-scope') continue;
        for (const term of new Set(this.processor.terms(unit.text))) {
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        }
      }
      this.search = new MiniSearch<Unit>({ ...options, searchOptions: options });
      this.search.addAll(units);
      this.whole = new MiniSearch<Unit>({
        ...wholeOptions,
        extractField: (document, field) => (document as unknown as Record<string, string>)[field] ?? '',
      });
      this.whole.addAll(
        knowledge.passages.map((passage) => ({
          id: passage.id,
          text: [passage.leadIn ?? '', passage.text, passage.section].join(' \n '),
          keywords: passage.keywords.join(' \n '),
          questions: passage.questions.join(' \n '),
        })) as unknown as Unit[],
      );
    }
    for (const unit of units) {
      let sum = 0;
      for (const term of new Set(this.processor.terms(unit.text))) sum += this.idf(term) ** 2;
      this.unitNorms.set(unit.id, Math.sqrt(sum));
      this.unitOwner.set(unit.id, { passageId: unit.passageId, kind: unit.kind });
    }
  }

  /** The index as plain data, to be given back to the constructor with the same knowledge. */
  save(): SavedIndex {
    return {
      miniSearch: this.search.toJSON(),
      wholePassages: this.whole.toJSON(),
      documentFrequency: [...this.documentFrequency],
    };
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
    if (this.passages.size < LARGE_INDEX) return terms;
    const frequency = (term: string) => this.documentFrequency.get(term) ?? 0;
    const limit = this.passages.size * COMMON_TERM_SHARE;
    const rarestFirst = [...terms].sort((a, b) => frequency(a) - frequency(b));
    return rarestFirst.filter((term, index) => index < MIN_TERMS || frequency(term) <= limit);
  }

  /**
   * The best `limit` passages for weighted search terms, best first. MiniSearch finds the units that
   * share a word with the question (a typo or a cut-short word approximately); each unit is then scored
   * by cosine similarity, so that a short example question matched in full beats a long text that
   * happens to hold the same words among many others. A passage takes its best unit's score, times its
   * source's weight.
   */
  rank(terms: WeightedTerms, limit: number, isFuzzy: (term: string) => boolean = () => true): Ranking {
    let queryNorm = 0;
    for (const [term, weight] of terms) queryNorm += (weight * this.idf(term)) ** 2;
    queryNorm = Math.sqrt(queryNorm);
    if (queryNorm === 0) return { passages: [], outOfScope: 0 };
    // Fuzzy and prefix matching are for words the guidance does not have: a typo ("arguement") or
    // a word cut short ("/guidance princ"). A word it has, or any real English word, is matched
    // exactly, so that "policy" does not also find "politics", nor "office" "official".
    const unknown = (term: string) => !this.knows(term) && isFuzzy(term);
    const options: SearchOptions = {
      // The terms are already processed: search them as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      fuzzy: (term) => (unknown(term) && term.length > 4 ? 0.25 : false),
      maxFuzzy: 2,
      prefix: (term) => unknown(term) && term.length >= 3,
    };
    const query = this.distinctiveTerms([...terms.keys()]).join(' ');
    // The weight of a query word matched only approximately: the heaviest word that was not matched exactly.
    let approximateWeight = 0;
    for (const [term, weight] of terms) if (!this.knows(term)) approximateWeight = Math.max(approximateWeight, weight);

    const fits = new Map<string, { fit: number; cosine: number; via: UnitKind }>();
    let outOfScope = 0;
    for (const result of this.search.search(query, options)) {
      const unitId = String(result.id);
      const norm = this.unitNorms.get(unitId);
      const owner = this.unitOwner.get(unitId);
      if (!norm || !owner) continue;
      let dot = 0;
      for (const term of result.terms) {
        const weight = terms.get(term);
        const idf = this.idf(term);
        dot += weight !== undefined ? weight * idf * idf : approximateWeight * APPROXIMATE_MATCH * idf * idf;
      }
      const cosine = Math.min(1, dot / (norm * queryNorm));
      if (owner.kind === 'out-of-scope') {
        outOfScope = Math.max(outOfScope, cosine);
        continue;
      }
      const fit = cosine * this.boosts[owner.kind] * this.sourceWeight(owner.passageId);
      const current = fits.get(owner.passageId);
      if (!current || fit > current.fit) fits.set(owner.passageId, { fit, cosine, via: owner.kind });
    }

    // Second opinion: BM25 over each whole passage, relative to the best one, so that a passage whose
    // quote and examples together cover the question ranks above one that shares a single lucky word.
    const whole = this.whole.search(query, { ...options, boost: { text: 1, keywords: 1, questions: 1 } });
    const topWhole = whole[0]?.score ?? 0;
    const evidence = new Map(
      whole.map((result) => [String(result.id), topWhole > 0 ? result.score / topWhole : 0] as const),
    );
    const share = this.boosts.whole;
    const passages = [...fits]
      .map(([id, { fit, cosine, via }]) => {
        const relative = (evidence.get(id) ?? 0) * this.sourceWeight(id);
        return { id, fit, cosine, via, score: (1 - share) * fit + share * relative };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .flatMap(({ id, fit, cosine, via, score }) => {
        const passage = this.passages.get(id);
        return passage ? [{ passage, fit, cosine, via, score }] : [];
      });
    return { passages, outOfScope };
  }

  private sourceWeight(passageId: string): number {
    const passage = this.passages.get(passageId);
    return passage ? (this.sourceWeights.get(passage.sourceId) ?? 1) : 1;
  }
}

function unitsOf(passage: Passage): Unit[] {
  const units: Unit[] = [
    {
      id: `${passage.id}#t`,
      passageId: passage.id,
      kind: 'text',
      text: [passage.leadIn ?? '', passage.text, passage.section].join(' \n '),
    },
  ];
  if (passage.keywords.length > 0) {
    units.push({ id: `${passage.id}#k`, passageId: passage.id, kind: 'keywords', text: passage.keywords.join(' \n ') });
  }
  passage.questions.forEach((question, n) => {
    units.push({ id: `${passage.id}#q${n}`, passageId: passage.id, kind: 'questions', text: question });
  });
  return units;
}
