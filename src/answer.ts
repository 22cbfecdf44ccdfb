import { englishWords, type WordList } from './search/english-words.js';
import type { PassageClassifier } from './search/passage-classifier.js';
import type { PassageIndex, RankedPassage, Ranking } from './search/passage-index.js';
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
   * The confidence needed when the question has no topic word at all ("do the rules still apply at the
   * weekend?"): only a close match to one of the passages' situations answers it.
   */
  minUncoveredConfidence: number;
  /**
   * Below this confidence (0 to 1) an answer is marked `weak`: the guidance may not cover the question
   * directly, and the passages are offered as the closest ones rather than asserted as the answer.
   */
  weakBelow: number;
  /** How many other passages to offer beside the best one. */
  alternatives: number;
  /** An alternative is offered only if it fits at least this share of the best passage's fit. */
  alternativeShare: number;
  /**
   * A question is declined when it fits one of the knowledge's out-of-scope examples better than this
   * many times its best passage (1: any better; above 1: clearly better).
   */
  outOfScopeMargin: number;
  /** …and only when it matches that example at least this closely (0 to 1), not by one shared everyday word. */
  minOutOfScope: number;
  /**
   * How much the learned re-ranker's probability (0 to 1) adds to a passage's ranking score (about 0 to
   * 1): at 2 a confident classifier decides among the passages the words found. 0 turns it off.
   */
  classifierWeight: number;
}

/** How many passages the words find for the learned re-ranker to reorder. */
const RERANK_POOL = 40;

/** Two passages sharing this share of their words say the same thing (two editions of one sentence). */
const SAME_WORDS = 0.6;

/** Shared terms as a share of the smaller set. */
function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

export const defaultAnswerPolicy: AnswerPolicy = {
  maxQuestionLength: 4000,
  contextWeight: 0.5,
  minConfidence: 0.05,
  minAmbiguousConfidence: 0.5,
  minUncoveredConfidence: 0.5,
  weakBelow: 0.4,
  alternatives: 2,
  alternativeShare: 0.6,
  outOfScopeMargin: 1,
  minOutOfScope: 0.35,
  classifierWeight: 2,
};

export const EMPTY_QUESTION_REASON = 'There was no question to answer. Ask about a post, a reply or an account.';
export const NOT_COVERED_REASON =
  'The social media guidance for civil servants does not seem to cover that. These are its principles; ask your line manager or communications team if you are unsure.';

/** Answers questions from the knowledge through the index. No I/O, but for reading the English word list once, on first need. */
export class Answerer {
  private readonly principles: Map<string, Principle>;
  private readonly sources: Map<string, Knowledge['sources'][number]>;
  private readonly topicWords: string[][];
  private readonly ambiguousWords: string[][];
  /** Each passage's words, worked out once, for telling alternatives that say the same thing. */
  private readonly passageTerms = new Map<string, Set<string>>();
  /** Each passage's number in the knowledge, as the classifier numbers its classes. */
  private readonly passageNumbers: Map<string, number>;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly index: PassageIndex,
    private readonly policy: AnswerPolicy = defaultAnswerPolicy,
    /** The learned re-ranker, when the knowledge is small enough to train one (see passage-classifier.ts). */
    private readonly classifier?: PassageClassifier,
    /** Read on first need: most questions hold only words the guidance has, and need no list. */
    private readonly words: () => WordList = englishWords,
  ) {
    this.passageNumbers = new Map(knowledge.passages.map((passage, n) => [passage.id, n]));
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

    const realWords = this.termsOfEnglishWords(`${asked.text} ${about.text}`);
    const topic = this.topicOf([...askedTerms, ...aboutTerms], realWords);
    const { passages: ranked, outOfScope } = this.rank(askedTerms, aboutTerms, realWords);
    const [best] = ranked;
    // The passage to be quoted first is judged on its own closest unit: on all the words, for whether
    // the guidance covers the question; on the question's own words, against the out-of-scope examples.
    const confidence = best?.cosine ?? 0;
    const needed =
      topic === 'on'
        ? this.policy.minConfidence
        : topic === 'ambiguous'
          ? this.policy.minAmbiguousConfidence
          : this.policy.minUncoveredConfidence;
    if (!best || confidence < needed) return this.decline(NOT_COVERED_REASON);
    // Closer to a question the guidance does not cover than to the passage, as the person asks it.
    if (outOfScope >= this.policy.minOutOfScope && outOfScope > best.askedCosine * this.policy.outOfScopeMargin) {
      return this.decline(NOT_COVERED_REASON);
    }

    return {
      answered: true,
      ...this.suggestion(best.passage),
      alternatives: this.alternativesTo(best, ranked.slice(1)).map((other) => this.suggestion(other.passage)),
      score: round(confidence),
      ...(confidence < this.policy.weakBelow ? { weak: true as const } : {}),
      truncated: asked.truncated || about.truncated,
    };
  }

  /**
   * Other passages worth offering: only those nearly as close as the best, and each saying something
   * the ones before it do not (two editions of the same sentence are one passage to a reader).
   */
  private alternativesTo(best: RankedPassage, others: RankedPassage[]): RankedPassage[] {
    const chosen: RankedPassage[] = [];
    const shown = [this.termsOf(best.passage)];
    for (const other of others) {
      if (chosen.length >= this.policy.alternatives) break;
      if (other.fit < best.fit * this.policy.alternativeShare) continue;
      const terms = this.termsOf(other.passage);
      if (shown.some((seen) => overlap(seen, terms) >= SAME_WORDS)) continue;
      chosen.push(other);
      shown.push(terms);
    }
    return chosen;
  }

  private termsOf(passage: Passage): Set<string> {
    let terms = this.passageTerms.get(passage.id);
    if (!terms) {
      terms = new Set(this.index.processor.terms(passage.text));
      this.passageTerms.set(passage.id, terms);
    }
    return terms;
  }

  /** The question's words decide; the message asked about adds what the situation is. */
  private rank(questionTerms: string[], contextTerms: string[], realWords: Set<string>): Ranking {
    const weights = new Map<string, number>();
    for (const term of contextTerms) weights.set(term, this.policy.contextWeight);
    for (const term of questionTerms) weights.set(term, 1);
    const limit = this.policy.alternatives * 3 + 1;
    const reranking = this.classifier !== undefined && this.policy.classifierWeight > 0;
    const ranking = this.index.rank(weights, reranking ? Math.max(limit, RERANK_POOL) : limit, {
      isFuzzy: (term) => !realWords.has(term),
      askedTerms: new Set(questionTerms),
    });
    if (!reranking) return ranking;
    const probability = (this.classifier as PassageClassifier).predict(weights);
    return { ...ranking, passages: this.rerank(ranking.passages, probability).slice(0, limit) };
  }

  /** The passages the words found, reordered by their score plus the learned re-ranker's probability. */
  private rerank(passages: RankedPassage[], probability: Float64Array): RankedPassage[] {
    const weight = this.policy.classifierWeight;
    return passages
      .map((ranked) => ({
        ...ranked,
        score: ranked.score + weight * (probability[this.passageNumbers.get(ranked.passage.id) ?? -1] ?? 0),
      }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * The search terms that come from real English words, which are never read as typos of others. Only
   * words the guidance does not have could be read as typos, so only those are looked up.
   */
  private termsOfEnglishWords(text: string): Set<string> {
    const terms = new Set<string>();
    for (const token of this.index.processor.tokenize(text)) {
      const term = this.index.processor.processTerm(token);
      if (!term || this.index.knows(term)) continue;
      if (this.words().has(token.replace(/['’]s$/, ''))) terms.add(term);
    }
    return terms;
  }

  /**
   * 'on' if the question has a topic word or phrase, 'ambiguous' if it has only everyday ones
   * ("code", "policy"), 'off' if none. One slip of the keyboard is forgiven in a longer word that is
   * not an English word ("opinon"), but not in a real word ("office" is not "official").
   */
  private topicOf(terms: string[], realWords: Set<string>): 'on' | 'ambiguous' | 'off' {
    if (this.topicWords.length === 0 && this.ambiguousWords.length === 0) return 'on';
    const present = new Set(terms);
    const typos = terms.filter((term) => term.length >= 5 && !this.index.knows(term) && !realWords.has(term));
    const has = ([first, ...rest]: string[]) => {
      if (!first) return false;
      if (rest.length > 0) return present.has(first) && rest.every((term) => present.has(term));
      return present.has(first) || (first.length >= 5 && typos.some((typo) => withinOneEdit(typo, first)));
    };
    if (this.topicWords.some(has)) return 'on';
    return this.ambiguousWords.some(has) ? 'ambiguous' : 'off';
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

  /** A list item is quoted with the words that introduce its list, so a prohibition never reads as advice. */
  quote(passage: Passage): QuotedPassage {
    // A fragment whose opening words are lost says so with "…", as a list item does after its lead-in.
    const text = passage.leadIn
      ? `${passage.leadIn} … ${passage.text}`
      : passage.startsMidSentence
        ? `… ${passage.text}`
        : passage.text;
    return { id: passage.id, text, source: this.citation(passage) };
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
