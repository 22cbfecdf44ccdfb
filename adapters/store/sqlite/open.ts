import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../../src/index.js';
import { makeFolders } from '../../make-folders.js';
import { MIGRATIONS } from './schema.js';

/** read-only: for tools that look (the report): the file must exist and be current, and is never written. */
export type Access = 'read-write' | 'read-only';

/**
 * Opens (creating if need be) a guidance-bot database, brings its schema up to date, then prepares it
 * with `prepare` (statements). Anything that is not a guidance-bot database of this or an older version,
 * and anything SQLite refuses on the way, is a StoreError; the file is left exactly as it was, and the
 * database closed again.
 */
export function useDatabase<T>(file: string, prepare: (db: Database.Database) => T, access: Access = 'read-write'): T {
  const path = file === ':memory:' ? file : resolve(file);
  const readOnly = access === 'read-only';
  if (readOnly && !existsSync(path))
    throw new StoreError(path, 'does not exist yet: the bot creates it when it starts.');
  if (path !== ':memory:' && !readOnly) makeFolder(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
  } catch (error) {
    throw new StoreError(
      path,
      `cannot be opened (${codeAndMessage(error)}). Check that the folder exists and is writable.`,
    );
  }
  try {
    // Reading the schema is the first thing that touches the file: a damaged one fails here, unchanged.
    // One read transaction, so that another instance migrating a new file in between is not taken for
    // another program's tables.
    const { version, tables } = db.transaction(() => ({
      version: db.pragma('user_version', { simple: true }) as number,
      tables: db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number },
    }))();
    if (version === 0 && tables.n > 0) {
      throw new StoreError(path, 'holds another program’s tables, not guidance-bot’s. Choose another file.');
    }
    if (version > MIGRATIONS.length) {
      throw new StoreError(
        path,
        `was written by a newer guidance-bot (schema ${version}; this one knows ${MIGRATIONS.length}). Run the newer version, or restore a backup.`,
      );
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      const said = String(check).split('\n').slice(0, 3).join('; ');
      throw new StoreError(path, `is damaged (SQLite's check says: ${said}…). ${AFTER_DAMAGE}`);
    }
    if (readOnly) {
      if (version < MIGRATIONS.length) {
        throw new StoreError(path, `is at schema ${version} of ${MIGRATIONS.length}: start the bot once to update it.`);
      }
      return prepare(db);
    }
    // SQLite opens a file it may not write read-only without a word; every write would then fail later.
    if (db.readonly)
      throw new StoreError(path, 'cannot be written. Give the bot write access to the file and its folder.');
    db.pragma('journal_mode = WAL');
    // Deleted question text is overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, version);
    return prepare(db);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(path, explain(error));
  }
}

const AFTER_DAMAGE =
  'It was left as it is: move it aside (or restore it from a backup) and start again, and a new database is created.';

function migrate(db: Database.Database, from: number): void {
  if (from === MIGRATIONS.length) return;
  // IMMEDIATE takes the write lock first, so two instances starting together migrate once.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let next = current; next < MIGRATIONS.length; next++) db.exec(MIGRATIONS[next] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

function makeFolder(path: string): void {
  try {
    makeFolders(dirname(path));
  } catch (error) {
    throw new StoreError(path, `cannot be created: its folder cannot be made (${codeAndMessage(error)}).`);
  }
}

function explain(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return `is not a database or is damaged (${codeAndMessage(error)}). ${AFTER_DAMAGE}`;
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR_WRITE') {
    return `cannot be written (${codeAndMessage(error)}). Give the bot write access to the file and its folder.`;
  }
  return `cannot be used (${codeAndMessage(error)}).`;
}

/** An error's code (SQLITE_BUSY, EACCES …) and message. */
export function codeAndMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // Node's messages already begin with their code ("EEXIST: file already exists, …").
  if (typeof code !== 'string' || error.message.startsWith(`${code}:`)) return error.message;
  return `${code}: ${error.message}`;
}
