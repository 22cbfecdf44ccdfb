import type { PassageIndex, RankedPassage } from './search/passage-index.js';
import type {
  Answer,
  AnswerResult,
  Citation,
  Decline,
  Knowledge,
  Passage,
  Principle,
  PrincipleRef,
  Question,
  QuotedPassage,
  Suggestion,
} from './types.js';

export interface AnswerPolicy {
  /** Questions and context longer than this many characters are cut (at a word) rather than refused. */
  maxQuestionLength: number;
  /** How much the message being asked about counts against the question itself (0 to 1). */
  contextWeight: number;
  /** Below this confidence (0 to 1) the guidance is taken not to cover the question. */
  minConfidence: number;
  /** How many other passages to offer beside the best one. */
  alternatives: number;
}

export const defaultAnswerPolicy: AnswerPolicy = {
  maxQuestionLength: 4000,
  contextWeight: 0.5,
  minConfidence: 0.05,
  alternatives: 2,
};

export const EMPTY_QUESTION_REASON = 'There was no question to answer. Ask about a post, a reply or an account.';
export const NOT_COVERED_REASON =
  'The social media guidance for civil servants does not seem to cover that. These are its principles; ask your line manager or communications team if you are unsure.';

/** Answers questions from the knowledge through the index. Pure: no I/O. */
export class Answerer {
  private readonly principles: Map<string, Principle>;
  private readonly sources: Map<string, Knowledge['sources'][number]>;
  private readonly topicTerms: Set<string>;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly index: PassageIndex,
    private readonly policy: AnswerPolicy = defaultAnswerPolicy,
  ) {
    this.principles = new Map(knowledge.principles.map((principle) => [principle.id, principle]));
    this.sources = new Map(knowledge.sources.map((source) => [source.id, source]));
    this.topicTerms = new Set(knowledge.topicWords.flatMap((word) => index.processor.terms(word)));
  }

  answer({ question, context }: Question): AnswerResult {
    const asked = truncate(question ?? '', this.policy.maxQuestionLength);
    const about = truncate(context ?? '', this.policy.maxQuestionLength);
    const askedTerms = this.index.processor.terms(asked.text);
    const aboutTerms = this.index.processor.terms(about.text);
    if (askedTerms.length === 0 && aboutTerms.length === 0) return this.decline(EMPTY_QUESTION_REASON);

    if (!this.isOnTopic([...askedTerms, ...aboutTerms])) return this.decline(NOT_COVERED_REASON);
    const ranked = this.rank(askedTerms, aboutTerms);
    const [best, ...rest] = ranked;
    const confidence = best ? this.confidence(best, askedTerms.length > 0 ? askedTerms : aboutTerms) : 0;
    if (!best || confidence < this.policy.minConfidence) return this.decline(NOT_COVERED_REASON);

    return {
      answered: true,
      ...this.suggestion(best.passage),
      alternatives: rest.slice(0, this.policy.alternatives).map((ranked) => this.suggestion(ranked.passage)),
      score: round(confidence),
      truncated: asked.truncated || about.truncated,
    };
  }

  /** The question's words decide; the message asked about adds what the situation is. */
  private rank(questionTerms: string[], contextTerms: string[]): RankedPassage[] {
    const weights = new Map<string, number>();
    for (const term of contextTerms) weights.set(term, this.policy.contextWeight);
    for (const term of questionTerms) weights.set(term, 1);
    return this.index.rank(weights, this.policy.alternatives + 1);
  }

  private isOnTopic(terms: string[]): boolean {
    return this.topicTerms.size === 0 || terms.some((term) => this.topicTerms.has(term));
  }

  /** Share of the question's meaning (its words, weighted by rarity) that the best passage matched. */
  private confidence(best: RankedPassage, terms: string[]): number {
    let total = 0;
    for (const term of new Set(terms)) total += this.index.idf(term);
    return total > 0 ? Math.min(1, best.matched / total) : 0;
  }

  decline(reason: string): Decline {
    return { answered: false, reason, suggestions: this.knowledge.principles.map(principleRef) };
  }

  suggestion(passage: Passage): Suggestion {
    const principle = this.principles.get(passage.principleId);
    if (!principle)
      throw new Error(`guidance-bot: passage ${passage.id} names unknown principle ${passage.principleId}`);
    return { principle: { ...principleRef(principle), summary: principle.summary }, passage: this.quote(passage) };
  }

  quote(passage: Passage): QuotedPassage {
    return { id: passage.id, text: passage.text, source: this.citation(passage) };
  }

  private citation(passage: Passage): Citation {
    const source = this.sources.get(passage.sourceId);
    if (!source) throw new Error(`guidance-bot: passage ${passage.id} names unknown source ${passage.sourceId}`);
    return {
      title: source.title,
      publisher: source.publisher,
      published: passage.published ?? source.published,
      section: passage.section,
      url: passage.url ?? source.url,
      licence: source.licence,
    };
  }
}

export function principleRef(principle: Principle): PrincipleRef {
  return { id: principle.id, number: principle.number, title: principle.title };
}

/** Cuts text to at most `limit` characters, at the last word boundary, and says whether it did. */
export function truncate(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  const cut = text.slice(0, limit);
  const lastSpace = cut.search(/\s\S*$/);
  return { text: lastSpace > limit / 2 ? cut.slice(0, lastSpace) : cut, truncated: true };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export type { Answer };
