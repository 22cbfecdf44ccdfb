import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStoreOptions } from '../../adapters/store/index.js';
import { type Store, StoreError } from '../../src/index.js';
import { makeTempDir } from '../helpers.js';
import { storeContract } from './contract.js';

// The SQLite store on real files in temp folders. What every store does (what survives a restart, what
// two connections to one file, two instances, see) is the Store contract; what is SQLite's own (the
// file, its schema, what it refuses to touch) is tested here, and in sqlite-purge and sqlite-write-failures.

storeContract('SQLite', () => {
  const file = tempFile();
  return (options = {}) => openSqliteStore({ file, ...options });
});

function tempFile(): string {
  return join(makeTempDir(), 'nested', 'guidance-bot.sqlite');
}

async function withStore<T>(options: SqliteStoreOptions, use: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore(options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('the SQLite file', () => {
  it('creates the file and its folder, in WAL mode, at the current schema', async () => {
    const file = tempFile();
    await withStore({ file }, async () => {});
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('refuses a damaged file, naming it, and leaves every byte as it was', () => {
    const file = join(makeTempDir(), 'damaged.sqlite');
    const garbage = Buffer.from('SQLite format 3\0'.padEnd(4096, 'x'));
    writeFileSync(file, garbage);
    expect(() => openSqliteStore({ file })).toThrow(StoreError);
    expect(() => openSqliteStore({ file })).toThrow(/damaged\.sqlite .*(damaged|not a database).*move it aside/s);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages are damaged, and leaves it as it was', async () => {
    const file = tempFile();
    await withStore({ file }, async (store) => {
      for (let i = 0; i < 200; i++) await store.feedback.record(`passage-${i}`, 'helpful');
    });
    const bytes = readFileSync(file);
    // Break the header of every page but the first: the file still opens as SQLite, its tables do not.
    for (let page = 1; page < bytes.length / 4096; page++) bytes.fill(0xff, page * 4096, page * 4096 + 8);
    writeFileSync(file, bytes);
    expect(() => openSqliteStore({ file })).toThrow(/is damaged \(SQLite's check says: .*move it aside/s);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a file that is not a database at all', () => {
    const file = join(makeTempDir(), 'notes.txt');
    writeFileSync(file, 'meeting notes, not a database\n'.repeat(200));
    expect(() => openSqliteStore({ file })).toThrow(/notes\.txt .*not a database/);
    expect(readFileSync(file, 'utf8')).toBe('meeting notes, not a database\n'.repeat(200));
  });

  it('refuses another program’s database and does not add tables to it', () => {
    const file = join(makeTempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openSqliteStore({ file })).toThrow(/another program’s tables/);
    const check = new Database(file, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    check.close();
    expect(tables).toEqual([{ name: 'invoices' }]);
  });

  it('refuses a database from a newer version', async () => {
    const file = tempFile();
    await withStore({ file }, async () => {});
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteStore({ file })).toThrow(/newer guidance-bot \(schema 999/);
  });

  it('says so when the folder cannot be made', () => {
    const blocker = join(makeTempDir(), 'a-file');
    writeFileSync(blocker, '');
    expect(() => openSqliteStore({ file: join(blocker, 'guidance-bot.sqlite') })).toThrow(
      /a-file\/guidance-bot\.sqlite cannot be created/,
    );
  });
});

describe('question text in the SQLite file', () => {
  it('is not written at all by default: only the counts are', async () => {
    const file = tempFile();
    await withStore({ file }, async (store) => {
      await store.usage.record({ platform: 'slack', outcome: 'answered', text: 'can I reply to this journalist?' });
      await store.usage.record({ platform: 'teams', outcome: 'declined', text: 'where is the canteen?' });
    });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT sum(answered) + sum(declined) AS n FROM questions_daily').get()).toEqual({ n: 2 });
    db.close();
    expect(readFileSync(file).includes('journalist')).toBe(false);
  });

  it('cannot be read from a database that does not exist: nothing is created', () => {
    const file = tempFile();
    expect(() => openSqliteStore({ file, readOnly: true })).toThrow(/does not exist yet/);
    expect(existsSync(dirname(file))).toBe(false);
  });
});
