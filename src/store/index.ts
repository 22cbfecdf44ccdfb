export { MOST_DECLINED_LISTED } from './sqlite/report.js';
export { defaultStoreOptions, openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type * from './types.js';
