import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedIndexStore } from '../src/index.js';
import { makeFolders } from './make-folders.js';

/**
 * The search index kept in a file between runs (INDEX_FILE), for the core's `savedIndex`. The core
 * decides whether what is read is current; this only reads and writes the file.
 */
export function savedIndexFile(file: string): SavedIndexStore {
  return {
    read() {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    write(text) {
      writeAtomically(file, text);
    },
  };
}

/**
 * Written to a temporary file and renamed into place, so that a reader (or a second instance writing
 * at once) never sees half a file. When the folder cannot be written, any existing file is left as it
 * was, and nothing is thrown: the index is only built again next time.
 */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    makeFolders(dirname(file));
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch {
    // Nothing lost but the time to build it again.
  }
}
