import { stemmer } from 'stemmer';
import type { SynonymGroup } from '../types.js';

/**
 * Words that carry no meaning for matching: ordinary English function words (also as typed in chat,
 * without the apostrophe: "cant", "dont"), and the ways staff open a question in chat ("hi, quick
 * one, am I allowed to…"), which every question shares.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any anyone anything are aren't as at be because been
  before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
  down during each either else etc even ever every few for from further get gets getting got had hadn't has hasn't
  have haven't having he her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's
  its itself just let's me might mine more most mustn't my myself no nor not of off on once only or other ought our
  ours ourselves out over own really same shan't she should shouldn't so some such than that that's the their
  theirs them themselves then there there's these they they'd they'll they're they've this those though through to
  too under until up upon us very was wasn't we we'd we'll we're we've were weren't what what's when where which
  while who whom who's why will with won't would wouldn't yet you you'd you'll you're you've your yours yourself
  yourselves
  hi hello hey thanks thank please pls quick question ok okay alright allowed allow fine able want wants wanted need
  needs like actually basically anyway maybe probably kind sort bit lot lots thing things stuff someone somebody
  something go going gonna wanna know think thought say said tell ask asking asked mean means one two way
  per via
  cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt im ive youre
  theyre thats whats lets`.split(/\s+/),
);

/** Spellings that differ between British and American English are matched as one. */
function britishSpelling(word: string): string {
  return word.replace(/iz(e|es|ed|ing|ation|ations)$/, 'is$1').replace(/yze$/, 'yse');
}

const APOSTROPHES = /[\u2018\u2019\u02bc`]/g;
/** Anything but letters, digits and apostrophes; apostrophes at a word's edges are trimmed later. */
const WORD_SEPARATORS = /[^\p{L}\p{N}'\u2018\u2019\u02bc`]+/u;

/** Processes text the same way for indexing and for questions: one vocabulary on both sides. */
export interface TextProcessor {
  tokenize(text: string): string[];
  /** A token's search term (stemmed, synonyms folded), or null for a stop word. */
  processTerm(term: string): string | null;
  /** The search terms of a whole text, in order, stop words dropped. */
  terms(text: string): string[];
}

/**
 * Words the Porter stemmer folds into something else: "using" would become "us", "accessibility"
 * "access" (as in access to blocked sites), and "accountable" "account".
 */
const STEM_EXCEPTIONS = new Map(
  Object.entries({
    use: 'use',
    uses: 'use',
    used: 'use',
    using: 'use',
    user: 'user',
    users: 'user',
    accessible: 'accessib',
    accessibility: 'accessib',
    inaccessible: 'inaccessib',
    news: 'news',
    media: 'media',
    accountable: 'accountabl',
    accountability: 'accountabl',
  }),
);

/**
 * Everything about text processing that a saved index depends on, besides the knowledge itself.
 * Change the version when changing the tokenizer or the stemmer's use.
 */
export const TEXT_PROCESSING = {
  version: 2,
  stopWords: [...STOP_WORDS],
  stemExceptions: [...STEM_EXCEPTIONS],
  separators: WORD_SEPARATORS.source,
};

/** Caches of worked-out words stop growing here, so that unusual input cannot exhaust memory. */
const MEMO_LIMIT = 200_000;

function stem(word: string): string {
  return STEM_EXCEPTIONS.get(word) ?? stemmer(britishSpelling(word));
}

export function createTextProcessor(synonyms: readonly SynonymGroup[]): TextProcessor {
  const { canonical, phrases } = synonymTables(synonyms);
  const tokenize = tokenizer(phrases);
  // A handbook repeats the same few thousand words millions of times: work each out once.
  const processed = new Map<string, string | null>();
  const processTerm = (term: string): string | null => {
    let result = processed.get(term);
    if (result === undefined) {
      result = processWord(term, canonical);
      if (processed.size < MEMO_LIMIT) processed.set(term, result);
    }
    return result;
  };
  return {
    tokenize,
    processTerm,
    terms: (text) => tokenize(text).flatMap((token) => processTerm(token) ?? []),
  };
}

/**
 * The synonyms as lookups: each single word's stem to its group's first word's stem, and each phrase
 * (words with spaces between) to its group's first word written as one token.
 */
function synonymTables(synonyms: readonly SynonymGroup[]): {
  canonical: Map<string, string>;
  phrases: Map<string, string>;
} {
  const canonical = new Map<string, string>();
  const phrases = new Map<string, string>();
  for (const group of synonyms) {
    const head = group[0];
    if (!head) continue;
    const headToken = head.replace(/\s+/g, '');
    for (const word of group) {
      if (/\s/.test(word)) {
        phrases.set(word.replace(/\s+/g, ' '), headToken);
      } else if (!canonical.has(stem(word))) {
        canonical.set(stem(word), stem(headToken));
      }
    }
  }
  return { canonical, phrases };
}

/** Text to lower-case tokens, each synonym phrase first made one token. */
function tokenizer(phrases: ReadonlyMap<string, string>): (text: string) => string[] {
  // One pass over the text for all phrases; longer phrases first, so that "direct message" wins over "message".
  const phrasePattern =
    phrases.size > 0
      ? new RegExp(
          `\\b(?:${[...phrases.keys()]
            .sort((a, b) => b.length - a.length)
            .map((phrase) => escapeRegExp(phrase).replace(/ /g, '\\s+'))
            .join('|')})\\b`,
          'g',
        )
      : undefined;
  const replacePhrase = (match: string) => phrases.get(match.replace(/\s+/g, ' ')) ?? match;
  return (text: string): string[] => {
    let lower = text.toLowerCase();
    if (phrasePattern) lower = lower.replace(phrasePattern, replacePhrase);
    // Apostrophes inside a word belong to it, so that "don't" and "we're" are stop words rather
    // than the terms "don" and "re".
    return lower.split(WORD_SEPARATORS).filter(Boolean);
  };
}

/** A token to its search term (stemmed, folded to its synonym group's), or null for a word that means nothing alone. */
function processWord(term: string, canonical: ReadonlyMap<string, string>): string | null {
  const word = term
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/'s$/, '')
    .replace(/^'+|'+$/g, '');
  if (!word || STOP_WORDS.has(word)) return null;
  const stemmed = stem(word);
  const folded = canonical.get(stemmed) ?? canonical.get(word) ?? stemmed;
  // Single letters mean nothing on their own, unless a synonym gives them a meaning ("X" for Twitter).
  if (folded.length < 2 && !canonical.has(word)) return null;
  return folded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
