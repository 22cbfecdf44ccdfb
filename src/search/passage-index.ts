import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Knowledge, Passage } from '../types.js';
import { createTextProcessor, type TextProcessor } from './text.js';

/** How much each field counts when a question's words are found in it. */
export interface FieldBoosts {
  /** The verbatim quote. */
  text: number;
  /** Our keywords and synonyms for the passage. */
  keywords: number;
  /** Our example questions for the passage. */
  questions: number;
  /** The section of the source the quote stands in. */
  section: number;
}

export const defaultFieldBoosts: FieldBoosts = { text: 2, keywords: 2, questions: 1, section: 0.5 };

interface IndexedPassage {
  id: string;
  text: string;
  keywords: string;
  questions: string;
  section: string;
}

export interface RankedPassage {
  passage: Passage;
  score: number;
}

/** A MiniSearch index over the passages, with the vocabulary it holds for judging how well a question is covered. */
export class PassageIndex {
  readonly processor: TextProcessor;
  private readonly search: MiniSearch<IndexedPassage>;
  private readonly passages: Map<string, Passage>;
  /** Number of passages each search term occurs in, over all fields. */
  private readonly documentFrequency = new Map<string, number>();

  constructor(
    knowledge: Knowledge,
    private readonly boosts: FieldBoosts = defaultFieldBoosts,
  ) {
    this.processor = createTextProcessor(knowledge.synonyms);
    this.passages = new Map(knowledge.passages.map((passage) => [passage.id, passage]));
    // Document frequencies are counted while MiniSearch tokenizes, rather than in a second pass over
    // every passage: addAll handles one document at a time, and extractField is called as each starts.
    let current: IndexedPassage | undefined;
    let seen = new Set<string>();
    const extractField = (document: IndexedPassage, field: string) => {
      if (document !== current) {
        current = document;
        seen = new Set();
      }
      return document[field as keyof IndexedPassage];
    };
    const processTerm = (term: string) => {
      const processed = this.processor.processTerm(term);
      if (processed && !seen.has(processed)) {
        seen.add(processed);
        this.documentFrequency.set(processed, (this.documentFrequency.get(processed) ?? 0) + 1);
      }
      return processed;
    };
    this.search = new MiniSearch<IndexedPassage>({
      fields: ['text', 'keywords', 'questions', 'section'],
      tokenize: this.processor.tokenize,
      processTerm,
      extractField,
      searchOptions: { processTerm: this.processor.processTerm },
    });
    this.search.addAll(
      knowledge.passages.map((passage) => ({
        id: passage.id,
        text: passage.text,
        keywords: passage.keywords.join(' \n '),
        questions: passage.questions.join(' \n '),
        section: passage.section,
      })),
    );
  }

  get size(): number {
    return this.passages.size;
  }

  /** Inverse document frequency of a search term; terms the index has never seen get the highest. */
  idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.passages.size - frequency + 0.5) / (frequency + 0.5));
  }

  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** Passages for a text, best first. */
  rank(text: string): RankedPassage[] {
    const options: SearchOptions = {
      boost: { ...this.boosts },
      // Typos are common in chat; short words are too easily confused, so only longer ones are fuzzy.
      fuzzy: (term) => (term.length > 5 ? 0.2 : false),
      maxFuzzy: 2,
      // Only the last word may be unfinished, as in a slash command typed in a hurry.
      prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 4,
    };
    return this.search.search(text, options).flatMap((result) => {
      const passage = this.passages.get(String(result.id));
      return passage ? [{ passage, score: result.score }] : [];
    });
  }
}
