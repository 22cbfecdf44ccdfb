/**
 * Checks that a passage's quote can be shown on its own without misrepresenting the source: it starts
 * where a sentence starts (or says which words introduce it), and it ends where a sentence or list
 * item ends. Pure: takes text, returns what is wrong and where (the quote's first or last line).
 */
export interface QuoteProblem {
  at: 'start' | 'end';
  message: string;
}

/** "1)", "10)", "a)", "2.", "(2)", "(iv)", "•": the marker of a list item at the start of a quote. */
const LIST_MARKER = /^(?:[•▪‣◦*-]|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)])(?=\s)/i;
/** A sentence, clause or list item ends here: full stop, !, ?, ;, :, …, ) or a closing quote. */
const BOUNDARY = /[.!?;:…)’”"'»]$/;
/** "…; and" / "…; or": a list item that runs on into the next. */
const RUNS_ON = /;\s+(?:and|or)$/;
const ELLIPSIS = /^(?:…|\.\.\.)/;

/** True when the quote begins with a list marker, such as "1)" or "a)". */
export function startsWithListMarker(quote: string): boolean {
  return LIST_MARKER.test(quote.trim());
}

/**
 * True when the quote begins in the middle of a sentence: its first letter is lower-case, or it
 * opens with an ellipsis.
 */
export function startsMidSentence(quote: string): boolean {
  const trimmed = quote.trim();
  if (ELLIPSIS.test(trimmed)) return true;
  const firstLetter = /\p{L}/u.exec(trimmed)?.[0];
  return firstLetter !== undefined && firstLetter !== firstLetter.toUpperCase();
}

/** True when the quote ends at a sentence or list-item boundary (a list item may end with a word). */
export function endsAtBoundary(quote: string, isListItem: boolean): boolean {
  const trimmed = quote.trim();
  if (BOUNDARY.test(trimmed) || RUNS_ON.test(trimmed)) return true;
  return isListItem && /[\p{L}\p{N}]$/u.test(trimmed);
}

/** How the start of a quote is accounted for, when it is not the start of a sentence. */
export interface QuoteStart {
  /** Verbatim words that introduce the list the quote is an item of. */
  leadIn?: string | undefined;
  /** Declared: the words before the quote are lost (it survives only as a fragment quoted elsewhere). */
  startsMidSentence?: boolean | undefined;
}

export function quoteProblems(quote: string, { leadIn, startsMidSentence: declared }: QuoteStart = {}): QuoteProblem[] {
  const problems: QuoteProblem[] = [];
  const trimmed = quote.trim();
  if (!trimmed) return problems;
  const midSentence = startsMidSentence(trimmed);
  if (midSentence && leadIn === undefined && !declared) {
    problems.push({
      at: 'start',
      message:
        'the quote starts mid-sentence: add `lead-in:` with the words that introduce the list, or start the quote at the beginning of the sentence',
    });
  }
  if (declared && leadIn !== undefined) {
    problems.push({
      at: 'start',
      message:
        'the quote has both a `lead-in` and `starts-mid-sentence: true`: keep the `lead-in` and remove `starts-mid-sentence`',
    });
  } else if (declared && !midSentence) {
    problems.push({
      at: 'start',
      message:
        '`starts-mid-sentence: true` but the quote starts a sentence (capital letter, no "…"): remove `starts-mid-sentence`',
    });
  }
  if ((leadIn !== undefined || declared) && ELLIPSIS.test(trimmed)) {
    problems.push({
      at: 'start',
      message: 'remove the "…" at the start of the quote: the answer shows one before it already',
    });
  }
  const isListItem = leadIn !== undefined || startsWithListMarker(trimmed);
  if (!endsAtBoundary(trimmed, isListItem)) {
    const ending = trimmed.slice(-20).replace(/\s+/g, ' ');
    problems.push({
      at: 'end',
      message: `the quote ends mid-sentence ("…${ending}"): cut at the end of a sentence, or extend it to where the sentence ends`,
    });
  }
  return problems;
}

/** The quote reduced to its words, for comparing it with a principle's title. */
export function comparableText(text: string): string {
  return text
    .trim()
    .replace(LIST_MARKER, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[\s.!?;:…]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
