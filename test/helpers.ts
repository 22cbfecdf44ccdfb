import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { openSqliteStore, type SqliteStoreOptions } from '../adapters/store/index.js';
import { type Citation, formatProblem, KnowledgeError, loadKnowledge, type Store } from '../src/index.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled knowledge's six principles, by number: 1 places-citizens-are … 6 civil-service-code. */
export const BUNDLED_PRINCIPLE_IDS = [
  'places-citizens-are',
  'consult-and-engage',
  'transparent-and-accountable',
  'part-of-the-conversation',
  'not-alone',
  'civil-service-code',
];

/** The valid mini knowledge folder: 2 principles, 1 source, 3 passages. */
export const fixtureKnowledge = join(projectRoot, 'test', 'fixtures', 'knowledge');

/** A citation of the 2012 guidance, for renderer tests that build answers by hand. */
export const GUIDANCE_2012_CITATION: Citation = {
  title: 'Social Media Guidance for Civil Servants',
  publisher: 'GDS and Home Office',
  published: 'May 2012',
  section: 'Part one',
  url: 'https://www.gov.uk/government/publications/social-media-guidance-for-civil-servants',
  licence: 'Open Government Licence v3.0',
};

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder under the OS temp folder, removed after the test file has run. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guidance-bot-test-'));
  tempDirs.push(dir);
  return dir;
}

const openStores: Store[] = [];
afterAll(async () => {
  for (const store of openStores.splice(0)) await store.close();
});

/** A real SQLite store in a fresh temp folder, closed after the test file has run. */
export function openTempStore(options: Partial<SqliteStoreOptions> = {}): Store {
  const store = openSqliteStore({ file: join(makeTempDir(), 'guidance-bot.sqlite'), ...options });
  openStores.push(store);
  return store;
}

/** A temp copy of the valid fixture knowledge, for a test to break. */
export function copyFixture(): string {
  const dir = makeTempDir();
  cpSync(fixtureKnowledge, dir, { recursive: true });
  return dir;
}

/** Writes (or overwrites) `relativePath` under `dir`, making folders as needed. */
export function writeFile(dir: string, relativePath: string, text: string): string {
  const path = join(dir, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/**
 * Loads `dir`, expecting it to fail, and returns every problem as `file:line: message` with the
 * folder prefix dropped from file names, so that assertions read `passages/x.md:4: ...`.
 */
export function problemsIn(dir: string): string[] {
  try {
    loadKnowledge([dir]);
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    return error.problems.map((problem) => formatProblem(problem).replaceAll(`${dir}${sep}`, '').replaceAll(sep, '/'));
  }
  throw new Error(`expected the knowledge in ${dir} to have problems, but it loaded`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the compiled CLI (built by test/global-setup.ts) as a real child process. The environment
 * is the test's own minus KNOWLEDGE_DIR, plus `env`, so that a developer's setting cannot leak in.
 */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.KNOWLEDGE_DIR) delete env.KNOWLEDGE_DIR;
  const result = spawnSync(process.execPath, [join(projectRoot, 'dist', 'adapters', 'cli', 'ask.js'), ...args], {
    cwd: options.cwd ?? projectRoot,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
