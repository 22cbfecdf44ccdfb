import type Database from 'better-sqlite3';
import type { Store } from '../../../src/index.js';
import { openTempStore } from '../../helpers.js';

/** SQLite's largest page count: the default limit, which puts things back as they were. */
const NO_LIMIT = 4_294_967_294;

/**
 * A real SQLite store whose database can be made full: the real "database or disk is full"
 * (SQLITE_FULL) from SQLite, not a stand-in. PRAGMA max_page_count stops the file growing, as a full disk
 * does, and every table is then filled with small rows that sort before any row the bot writes, so that
 * each of its writes needs a new page and is refused.
 */
export class FullableDatabase {
  readonly store: Store;
  private db!: Database.Database;

  constructor(options: Parameters<typeof openTempStore>[0] = {}) {
    this.store = openTempStore({
      ...options,
      connection: (db) => {
        this.db = db;
      },
    });
  }

  fill(): void {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    this.db.pragma(`max_page_count = ${pages}`);
    const expires = Date.now();
    this.fillTable('INSERT INTO deliveries (key, expires_at) VALUES (?, ?)', (n) => [`event:A${n}`, expires]);
    this.fillTable('INSERT INTO questions_daily (day, platform, principle_id) VALUES (?, ?, ?)', (n) => [n, '', '']);
    this.fillTable('INSERT INTO feedback_daily (day, passage_id) VALUES (?, ?)', (n) => [n, '']);
    this.fillTable(
      'INSERT INTO conversations (platform, id, reference, added_at, updated_at) VALUES (?, ?, ?, 0, 0)',
      (n) => ['', n, ''],
    );
  }

  /** Frees the disk: the file may grow again. */
  clear(): void {
    this.db.pragma(`max_page_count = ${NO_LIMIT}`);
  }

  /** Inserts rows with ascending keys (shorter than any real one, and sorting first) until SQLite refuses. */
  private fillTable(sql: string, row: (key: string) => unknown[]): void {
    const insert = this.db.prepare(sql);
    for (let n = 0; n < 1_000_000; n++) {
      try {
        insert.run(...row(`0${n.toString(36).padStart(5, '0')}`));
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_FULL') return;
        throw error;
      }
    }
    throw new Error(`${sql} never filled the database`);
  }
}
