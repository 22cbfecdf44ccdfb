import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';

/** The project folder, found from this file (run from source or from dist/) so that any working folder will do. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** The knowledge that ships with the bot. */
export const BUNDLED_KNOWLEDGE = join(PROJECT_ROOT, 'knowledge');

const DEFAULT_INDEX_FILE = join(PROJECT_ROOT, 'node_modules', '.cache', 'guidance-bot', 'index.json');

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`guidance-bot: cannot find package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export interface CoreConfig {
  /** KNOWLEDGE_DIR: folders of knowledge files, separated like PATH. Default: the bundled `knowledge/`. */
  knowledgeDirs: string[];
  /**
   * INDEX_FILE: where to keep the built search index between runs ("off" to always build).
   * Default: node_modules/.cache/guidance-bot/index.json, which npm leaves alone and git ignores.
   */
  indexFile?: string;
}

/** Reads `.env` (if there is one) into the environment without overriding what is already set. */
export function loadEnvFile(): void {
  // quiet: dotenv otherwise prints a banner on stdout, which the --jsonl contract forbids.
  loadDotenv({ quiet: true });
}

export function readCoreConfig(env: NodeJS.ProcessEnv): CoreConfig {
  const dirs = (env.KNOWLEDGE_DIR ?? '')
    .split(delimiter)
    .map((dir) => dir.trim())
    .filter(Boolean)
    .map((dir) => resolve(dir));
  const indexFile = env.INDEX_FILE?.trim() || DEFAULT_INDEX_FILE;
  return {
    knowledgeDirs: dirs.length > 0 ? dirs : [BUNDLED_KNOWLEDGE],
    ...(indexFile === 'off' ? {} : { indexFile: resolve(indexFile) }),
  };
}
