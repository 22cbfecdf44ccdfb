import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `folder` and any missing parents, one level at a time. Node's own `mkdirSync(…, { recursive:
 * true })` never returns for a path under /proc (it loops at full CPU), so a mistyped DATABASE_FILE or
 * INDEX_FILE hung start-up. Level by level, the first folder that cannot be made fails with its error.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let current = resolve(folder); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Made meanwhile by another instance starting at the same time: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !existsSync(level)) throw error;
    }
  }
}
