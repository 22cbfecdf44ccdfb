import type { Knowledge, Passage } from '../types.js';
import type { TextProcessor } from './text.js';

/** The kinds of unit a passage is matched through, in the order of their numbers. */
export type UnitKind = 'text' | 'keywords' | 'questions';
export const KINDS: ReadonlyArray<UnitKind | 'out-of-scope'> = ['text', 'keywords', 'questions', 'out-of-scope'];
const TEXT = 0;
const KEYWORDS = 1;
export const QUESTIONS = 2;
/** An example of what the guidance does not cover: matched like the others, but never an answer. */
export const OUT_OF_SCOPE = 3;

/** One piece of text a question is matched against on its own. */
export interface Unit {
  /** Index of the passage (or, for out-of-scope examples, of the topic) the unit belongs to. */
  owner: number;
  /** Its kind's number: an index into KINDS. */
  kind: number;
  text: string;
}

/**
 * Every unit of the knowledge, numbered passage by passage (a passage's units together, its quote
 * first), then the out-of-scope examples. The numbering is what a saved index's postings refer to:
 * change it and bump the saved index's FORMAT.
 */
export function unitsOfKnowledge(knowledge: Knowledge): Unit[] {
  return [
    ...knowledge.passages.flatMap(unitsOf),
    ...(knowledge.outOfScope ?? []).flatMap((topic, owner) =>
      topic.questions.map((text) => ({ owner, kind: OUT_OF_SCOPE, text })),
    ),
  ];
}

function unitsOf(passage: Passage, owner: number): Unit[] {
  const units: Unit[] = [
    { owner, kind: TEXT, text: [passage.leadIn ?? '', passage.text, passage.section].join(' \n ') },
  ];
  if (passage.keywords.length > 0) units.push({ owner, kind: KEYWORDS, text: passage.keywords.join(' \n ') });
  for (const question of passage.questions) units.push({ owner, kind: QUESTIONS, text: question });
  return units;
}

/** Each search term with the units it occurs in, in increasing order. */
export function postingsOf(units: readonly Unit[], processor: TextProcessor): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  units.forEach((unit, n) => {
    for (const term of new Set(processor.terms(unit.text))) {
      const list = lists.get(term);
      if (list) list.push(n);
      else lists.set(term, [n]);
    }
  });
  return new Map([...lists].map(([term, list]) => [term, Int32Array.from(list)]));
}
