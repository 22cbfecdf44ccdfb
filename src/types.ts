/** One of the principles of the guidance. `summary` is our own plain-English wording, never a quote. */
export interface Principle {
  id: string;
  number: number;
  title: string;
  summary: string;
  keywords: string[];
}

/** A document we quote from. */
export interface Source {
  id: string;
  title: string;
  publisher: string;
  published: string;
  url: string;
  licence: string;
  /**
   * How much a passage from this source counts in ranking, against 1 for the guidance itself.
   * Supporting documents (a department's own policy, a blog) get less, so that they are quoted only
   * when they fit a question clearly better than the guidance does.
   */
  weight: number;
}

/** One verbatim quote from a source, filed under a principle. `keywords` and `questions` are ours. */
export interface Passage {
  id: string;
  principleId: string;
  sourceId: string;
  section: string;
  /** Overrides the source's url with a deeper link. */
  url?: string;
  /** Overrides the source's date where this wording comes from another edition. */
  published?: string;
  text: string;
  /** The verbatim words that introduce the list this passage is an item of ("You must not:"). */
  leadIn?: string;
  /**
   * True when the quote starts mid-sentence and the words before it are lost (the official text
   * survives only as a fragment quoted elsewhere): show "…" before it.
   */
  startsMidSentence?: boolean;
  keywords: string[];
  questions: string[];
}

/** Words that mean the same thing to staff: every word in a group is searched as the group's first. */
export type SynonymGroup = string[];

/** Everything loaded from a knowledge folder, checked and cross-referenced. */
export interface Knowledge {
  principles: Principle[];
  sources: Source[];
  passages: Passage[];
  synonyms: SynonymGroup[];
  /** What the guidance covers, for telling questions about it from questions about anything else. */
  topic: Topic;
  /** Examples of questions the guidance does not cover, however close their words (ours). */
  outOfScope?: OutOfScope[];
}

/**
 * Questions that share words with the guidance but are about something it does not cover (the office
 * social, a tool's password, the best time to post): a question closer to these than to any passage's
 * examples is declined.
 */
export interface OutOfScope {
  id: string;
  questions: string[];
}

/**
 * Words (or phrases, all of whose words must appear) that show a question is about what the
 * guidance covers. A question with one of `words` may be answered; a question with only `ambiguous`
 * ones (everyday words such as "code" or "policy") only if a passage matches most of it; any other
 * question is declined. With both empty, every question may be answered.
 */
export interface Topic {
  words: string[];
  ambiguous: string[];
}

/** Where a quote comes from, as shown to users. */
export interface Citation {
  title: string;
  publisher: string;
  published: string;
  section: string;
  url: string;
  licence: string;
}

export interface PrincipleRef {
  id: string;
  number: number;
  title: string;
}

/** A principle as replies show it: its number and title, and our summary (ours, not a quote). */
export interface PrincipleSummary extends PrincipleRef {
  summary: string;
}

export interface QuotedPassage {
  id: string;
  text: string;
  source: Citation;
}

export interface Suggestion {
  principle: PrincipleSummary;
  passage: QuotedPassage;
}

/** The guidance has something to say: the best passage, its principle, and up to two alternatives. */
export interface Answer {
  answered: true;
  principle: PrincipleSummary;
  passage: QuotedPassage;
  alternatives: Suggestion[];
  /**
   * Relevance of the top passage, 0 to 1; answers below the policy's floor are declined
   * (`AnswerPolicy.minConfidence`, or the higher floors for questions with only everyday topic words or none).
   */
  score: number;
  /**
   * Present (and true) when the best passage is only a weak fit: the guidance may not cover the
   * question directly, so the passages are shown as the closest ones rather than as the answer.
   */
  weak?: true;
  /** True when the question was cut to `AnswerPolicy.maxQuestionLength` (given as `CoreOptions.answerPolicy`). */
  truncated: boolean;
}

/** The guidance does not cover the question: say so and offer the principles instead. */
export interface Decline {
  answered: false;
  reason: string;
  suggestions: PrincipleRef[];
}

export type AnswerResult = Answer | Decline;

export interface Question {
  /** What the person wants to know or do ("can I reply to this?"). */
  question: string;
  /** Optional: the message they are asking about (a post, a complaint, a journalist's question). */
  context?: string;
}
