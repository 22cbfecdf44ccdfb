import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolders } from '../../adapters/make-folders.js';
import type { Knowledge } from '../types.js';
import type { SavedIndex } from './passage-index.js';
import { TEXT_PROCESSING } from './text.js';

/** Bump when the shape of a saved index changes, or how units are built from passages (`unitsOf`). */
const FORMAT = 5;

interface SavedIndexFile {
  format: number;
  fingerprint: string;
  index: SavedIndex;
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

/** The saved index in `file` if it was built from the same knowledge; undefined if absent, stale or unreadable. */
export function readSavedIndex(file: string, fingerprint: string): SavedIndex | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedIndexFile>;
    return saved.format === FORMAT && saved.fingerprint === fingerprint ? saved.index : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves the index for the next start. Written to a temporary file and renamed into place, so that a
 * reader (or a second instance writing at once) never sees half a file. Returns false, and leaves
 * any existing file as it was, if the folder cannot be written.
 */
export function writeSavedIndex(file: string, fingerprint: string, index: SavedIndex): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    makeFolders(dirname(file));
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, fingerprint, index } satisfies SavedIndexFile));
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
}
