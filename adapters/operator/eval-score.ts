import type { AnswerResult } from '../../src/index.js';

/**
 * Scores answers against a labelled question set, the same way as the shared scorer
 * (`../shared/eval/score.mjs`): a phrase matches a passage when it stands in it once case, quotes,
 * dashes, punctuation and runs of white space are normalised away.
 */

/** One labelled question: the record format of `../shared/eval/README.md`, plus our `style`. */
export interface EvalRecord {
  id: string;
  category: string;
  /** How it is written (short, rambling, typo, pasted-post …): ours, for the per-kind figures. */
  style?: string;
  question: string;
  context?: string;
  kind: 'on-topic' | 'off-topic';
  phrases: string[];
  principles?: string[];
  avoid?: string[];
}

export interface Figures {
  questions: number;
  onTopic: number;
  offTopic: number;
  'passage@1': number;
  'passage@3': number;
  'principle@1': number;
  answered: number;
  declined: number;
  misleading: number;
  /** Answered questions flagged `weak` (the guidance may not cover them directly). */
  weak: number;
  'top share': number;
  topPassage: string | null;
  /** passage@1 for on-topic questions, declined for off-topic ones, per category and per style. */
  byCategory: Record<string, { n: number; score: number }>;
  byStyle: Record<string, { n: number; score: number }>;
}

/** What went wrong for one question; only ever shown for sets that may be read. */
export interface Miss {
  id: string;
  why: string;
  question: string;
  got?: string;
}

export function normalise(text: string): string {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const contains = (text: string, phrases: readonly string[] | undefined) =>
  (phrases ?? []).some((phrase) => normalise(text).includes(normalise(phrase)));

/** Counts over the questions scored so far. */
interface Tally {
  on: number;
  off: number;
  answered: number;
  declined: number;
  p1: number;
  p3: number;
  pr: number;
  prLabelled: number;
  misleading: number;
  weak: number;
  /** How often each passage was the top answer. */
  tops: Map<string, number>;
  category: Map<string, Group>;
  style: Map<string, Group>;
}

/** Questions in a category or style, and how many of them were scored good. */
interface Group {
  n: number;
  good: number;
}

export function score(records: readonly EvalRecord[], answerOf: (record: EvalRecord) => AnswerResult) {
  const tally: Tally = {
    on: 0,
    off: 0,
    answered: 0,
    declined: 0,
    p1: 0,
    p3: 0,
    pr: 0,
    prLabelled: 0,
    misleading: 0,
    weak: 0,
    tops: new Map(),
    category: new Map(),
    style: new Map(),
  };
  const misses: Miss[] = [];
  for (const record of records) {
    const answer = answerOf(record);
    const good =
      record.kind === 'off-topic'
        ? scoreOffTopic(record, answer, tally, misses)
        : scoreOnTopic(record, answer, tally, misses);
    countIn(tally.category, record.category, good);
    countIn(tally.style, record.style ?? 'unstyled', good);
  }
  return { figures: figuresOf(records.length, tally), misses };
}

/** An off-topic question is scored good when it is declined. */
function scoreOffTopic(record: EvalRecord, answer: AnswerResult, tally: Tally, misses: Miss[]): boolean {
  tally.off++;
  if (answer.answered) {
    misses.push({
      id: record.id,
      why: 'answered an off-topic question',
      question: record.question,
      got: answer.passage.text,
    });
  } else tally.declined++;
  return !answer.answered;
}

/** An on-topic question is scored good when its top answer holds one of its phrases. */
function scoreOnTopic(record: EvalRecord, answer: AnswerResult, tally: Tally, misses: Miss[]): boolean {
  tally.on++;
  if (!answer.answered) {
    misses.push({ id: record.id, why: 'declined', question: record.question });
    return false;
  }
  tally.answered++;
  if (answer.weak) tally.weak++;
  tally.tops.set(answer.passage.id, (tally.tops.get(answer.passage.id) ?? 0) + 1);
  const top = contains(answer.passage.text, record.phrases);
  const inThree = [answer.passage, ...answer.alternatives.slice(0, 2).map((a) => a.passage)].some((passage) =>
    contains(passage.text, record.phrases),
  );
  if (record.avoid?.length && contains(answer.passage.text, record.avoid)) {
    tally.misleading++;
    misses.push({
      id: record.id,
      why: 'MISLEADING top answer',
      question: record.question,
      got: answer.passage.text,
    });
  }
  if (top) tally.p1++;
  if (inThree) tally.p3++;
  if (record.principles?.length) {
    tally.prLabelled++;
    if (record.principles.includes(answer.principle.id)) tally.pr++;
  }
  if (!top) {
    const why = inThree ? 'right passage only among alternatives' : 'wrong passage';
    misses.push({
      id: record.id,
      why,
      question: record.question,
      got: `${answer.passage.id}: ${answer.passage.text}`,
    });
  }
  return top;
}

function countIn(groups: Map<string, Group>, key: string, good: boolean): void {
  const entry = groups.get(key) ?? { n: 0, good: 0 };
  entry.n++;
  if (good) entry.good++;
  groups.set(key, entry);
}

function figuresOf(questions: number, tally: Tally): Figures {
  const ratio = (n: number, d: number) => (d > 0 ? n / d : 0);
  const [topPassage, topCount] = [...tally.tops].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const shares = (groups: Map<string, Group>) =>
    Object.fromEntries([...groups].sort().map(([key, { n, good }]) => [key, { n, score: ratio(good, n) }]));
  return {
    questions,
    onTopic: tally.on,
    offTopic: tally.off,
    'passage@1': ratio(tally.p1, tally.on),
    'passage@3': ratio(tally.p3, tally.on),
    'principle@1': ratio(tally.pr, tally.prLabelled),
    answered: ratio(tally.answered, tally.on),
    declined: ratio(tally.declined, tally.off),
    misleading: tally.misleading,
    weak: tally.weak,
    'top share': ratio(topCount, tally.answered),
    topPassage,
    byCategory: shares(tally.category),
    byStyle: shares(tally.style),
  };
}

/** The figures that the ratchet holds, and the direction each must keep. */
export const RATCHETED = ['passage@1', 'passage@3', 'principle@1', 'answered', 'declined'] as const;
export type Floors = Partial<Record<(typeof RATCHETED)[number] | 'misleading' | 'top share', number>>;

/** Each figure that fell past its floor (or, for `misleading` and `top share`, rose past its ceiling). */
export function belowFloors(figures: Figures, floors: Floors): string[] {
  const failures: string[] = [];
  for (const name of RATCHETED) {
    const floor = floors[name];
    if (floor !== undefined && figures[name] < floor) failures.push(`${name} ${fixed(figures[name])} < floor ${floor}`);
  }
  if (floors.misleading !== undefined && figures.misleading > floors.misleading) {
    failures.push(`misleading ${figures.misleading} > ceiling ${floors.misleading}`);
  }
  if (floors['top share'] !== undefined && figures['top share'] > floors['top share']) {
    failures.push(`top share ${fixed(figures['top share'])} > ceiling ${floors['top share']}`);
  }
  return failures;
}

export function parseRecords(text: string, file: string): EvalRecord[] {
  return text
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim())
    .map(({ line, index }) => {
      let record: EvalRecord;
      try {
        record = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${index + 1}: not valid JSON`);
      }
      if (typeof record.id !== 'string' || typeof record.question !== 'string' || !record.kind) {
        throw new Error(`${file}:${index + 1}: a record needs "id", "question" and "kind"`);
      }
      return record;
    });
}

export const fixed = (value: number) => value.toFixed(2);
