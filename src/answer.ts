import type { PassageIndex, RankedPassage } from './search/passage-index.js';
import type {
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
  /**
   * The confidence needed when the question's only topic words are everyday ones ("code",
   * "policy"): most of the question must then be matched by one passage.
   */
  minAmbiguousConfidence: number;
  /**
   * Below this confidence (0 to 1) an answer is marked `weak`: the guidance may not cover the question
   * directly, and the passages are offered as the closest ones rather than asserted as the answer.
   */
  weakBelow: number;
  /** How many other passages to offer beside the best one. */
  alternatives: number;
}

export const defaultAnswerPolicy: AnswerPolicy = {
  maxQuestionLength: 4000,
  contextWeight: 0.5,
  minConfidence: 0.05,
  minAmbiguousConfidence: 0.7,
  weakBelow: 0,
  alternatives: 2,
};

export const EMPTY_QUESTION_REASON = 'There was no question to answer. Ask about a post, a reply or an account.';
export const NOT_COVERED_REASON =
  'The social media guidance for civil servants does not seem to cover that. These are its principles; ask your line manager or communications team if you are unsure.';

/** Answers questions from the knowledge through the index. Pure: no I/O. */
export class Answerer {
  private readonly principles: Map<string, Principle>;
  private readonly sources: Map<string, Knowledge['sources'][number]>;
  private readonly topicWords: string[][];
  private readonly ambiguousWords: string[][];

  constructor(
    private readonly knowledge: Knowledge,
    private readonly index: PassageIndex,
    private readonly policy: AnswerPolicy = defaultAnswerPolicy,
  ) {
    this.principles = new Map(knowledge.principles.map((principle) => [principle.id, principle]));
    this.sources = new Map(knowledge.sources.map((source) => [source.id, source]));
    const toTerms = (words: string[]) =>
      words.map((word) => index.processor.terms(word)).filter((terms) => terms.length > 0);
    this.topicWords = toTerms(knowledge.topic.words);
    this.ambiguousWords = toTerms(knowledge.topic.ambiguous);
  }

  answer({ question, context }: Question): AnswerResult {
    const asked = truncate(question ?? '', this.policy.maxQuestionLength);
    const about = truncate(context ?? '', this.policy.maxQuestionLength);
    const askedTerms = this.index.processor.terms(asked.text);
    const aboutTerms = this.index.processor.terms(about.text);
    if (askedTerms.length === 0 && aboutTerms.length === 0) return this.decline(EMPTY_QUESTION_REASON);

    const topic = this.topicOf([...askedTerms, ...aboutTerms]);
    if (topic === 'off') return this.decline(NOT_COVERED_REASON);
    const ranked = this.rank(askedTerms, aboutTerms);
    const [best, ...rest] = ranked;
    const confidence = best ? this.confidence(best, askedTerms.length > 0 ? askedTerms : aboutTerms) : 0;
    const needed = topic === 'ambiguous' ? this.policy.minAmbiguousConfidence : this.policy.minConfidence;
    if (!best || confidence < needed) return this.decline(NOT_COVERED_REASON);

    return {
      answered: true,
      ...this.suggestion(best.passage),
      alternatives: rest.slice(0, this.policy.alternatives).map((ranked) => this.suggestion(ranked.passage)),
      score: round(confidence),
      ...(confidence < this.policy.weakBelow ? { weak: true as const } : {}),
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

  /**
   * 'on' if the question has a topic word or phrase, 'ambiguous' if it has only everyday ones
   * ("code", "policy"), 'off' if none. One slip of the keyboard is forgiven in a longer word that
   * the knowledge does not have ("opinon"), but not in a real word ("office" is not "official").
   */
  private topicOf(terms: string[]): 'on' | 'ambiguous' | 'off' {
    if (this.topicWords.length === 0 && this.ambiguousWords.length === 0) return 'on';
    const present = new Set(terms);
    const typos = terms.filter((term) => term.length >= 5 && !this.index.knows(term));
    const has = ([first, ...rest]: string[]) => {
      if (!first) return false;
      if (rest.length > 0) return present.has(first) && rest.every((term) => present.has(term));
      return present.has(first) || (first.length >= 5 && typos.some((typo) => withinOneEdit(typo, first)));
    };
    if (this.topicWords.some(has)) return 'on';
    return this.ambiguousWords.some(has) ? 'ambiguous' : 'off';
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

/** True when one insertion, deletion or substitution (or none) turns one word into the other. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i + (a.length >= b.length ? 1 : 0));
  const restB = b.slice(i + (b.length >= a.length ? 1 : 0));
  return restA === restB || a === b;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
