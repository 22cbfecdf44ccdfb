import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `folder` and any missing parents, one level at a time. Node's own `mkdirSync(…, { recursive:
 * true })` never returns for a path under /proc (it loops at full CPU), so a mistyped DATABASE_FILE or
 * INDEX_FILE hung start-up. Level by level, the first folder that cannot be made fails with its error.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  while (!existsSync(current) && dirname(current) !== current) {
    missing.unshift(current);
    current = dirname(current);
  }
  // What is there already must be a folder, not a file standing where one is needed.
  if (!statSync(current).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${missing[0] ?? current}'`), { code: 'ENOTDIR' });
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
