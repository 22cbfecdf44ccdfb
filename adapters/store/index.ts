import { type Store, StoreError } from '../../src/index.js';
import type { StoreConfig } from '../config.js';
import { ConfigError } from '../config-error.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';

/** What an entry point opens a store with: the configuration, and whether it only looks (the report). */
export interface OpenStoreOptions extends StoreConfig {
  /** Open only to read: the database must exist, and nothing is written, migrated or purged. */
  readOnly?: boolean;
}

/**
 * The store the configuration chooses, opened, or a ConfigError saying what is wrong with DATABASE_FILE.
 * Nothing stored is overwritten on the way. Today there is one implementation, SQLite in one file;
 * a server database (shared by several instances) would be chosen here by its own setting, and must
 * pass the same contract test (test/store/contract.ts).
 */
export function openStore(config: OpenStoreOptions): Store {
  try {
    return openSqliteStore(config);
  } catch (error) {
    if (error instanceof StoreError) throw new ConfigError('DATABASE_FILE', `${error.message} (DATABASE_FILE)`);
    throw error;
  }
}
