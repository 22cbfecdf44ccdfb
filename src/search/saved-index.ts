import { createHash } from 'node:crypto';
import type { Knowledge } from '../types.js';
import type { SavedIndex } from './inverted-index.js';
import type { SavedClassifier } from './passage-classifier.js';
import { TEXT_PROCESSING } from './text.js';

/** Bump when the shape of a saved index changes, or how units are built from passages (`unitsOf`). */
const FORMAT = 6;

interface SavedIndexText {
  format: number;
  fingerprint: string;
  index: SavedIndex;
  /** The learned re-ranker, when one was trained (not above its maxPassages). */
  classifier?: SavedClassifier;
}

/** What a saved index holds: the search index, and the learned re-ranker trained on the same knowledge. */
export interface SavedSearch {
  index: SavedIndex;
  classifier?: SavedClassifier;
}

/**
 * Where the built search index is kept between runs, as text. The core decides what is kept and
 * whether it is still current; the adapters decide where (adapters/saved-index-file.ts: INDEX_FILE).
 */
export interface SavedIndexStore {
  /** What was last saved; undefined when nothing was, or it cannot be read. */
  read(): string | undefined;
  /**
   * Keeps `text` for the next start. Never throws: an index that cannot be saved costs a rebuild next
   * time, never an answer now.
   */
  write(text: string): void;
}

/**
 * What a saved index was built from: the passages, the out-of-scope examples, the synonyms and the text processing. A saved
 * index whose fingerprint differs is never used, so editing a knowledge file or upgrading the
 * bot can only cost a rebuild, never a stale answer.
 */
export function indexFingerprint(knowledge: Knowledge): string {
  return createHash('sha256')
    .update(
      JSON.stringify([FORMAT, TEXT_PROCESSING, knowledge.synonyms, knowledge.passages, knowledge.outOfScope ?? []]),
    )
    .digest('hex');
}

/** The index in `text` if it was built from the same knowledge; undefined if absent, stale or unreadable. */
export function deserialiseIndex(text: string | undefined, fingerprint: string): SavedSearch | undefined {
  if (text === undefined) return undefined;
  try {
    const saved = JSON.parse(text) as Partial<SavedIndexText>;
    if (saved.format !== FORMAT || saved.fingerprint !== fingerprint || !saved.index) return undefined;
    return { index: saved.index, ...(saved.classifier ? { classifier: saved.classifier } : {}) };
  } catch {
    return undefined;
  }
}

/** The index as text to save, marked with what it was built from. */
export function serialiseIndex(fingerprint: string, { index, classifier }: SavedSearch): string {
  return JSON.stringify({
    format: FORMAT,
    fingerprint,
    index,
    ...(classifier ? { classifier } : {}),
  } satisfies SavedIndexText);
}
