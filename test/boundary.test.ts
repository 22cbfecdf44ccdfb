import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers.js';

// The core (src/) is shared by the Slack, Teams and command-line adapters: it must not depend on any
// of them, on a platform SDK, on a database driver, or on the environment; it writes no files and names
// no platform. Adapters read configuration, keep what is stored (adapters/store, adapters/saved-index-file.ts)
// and name their own platforms, and pass them in.

const srcDir = join(projectRoot, 'src');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier: static imports and re-exports, side-effect imports, dynamic import() and require(). */
function importsOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** A package or one of its subpaths: `name` itself or `name/...`. */
const isPackage = (specifier: string, name: string) => specifier === name || specifier.startsWith(`${name}/`);

/** Database drivers and query builders: what stores data is an adapter's (adapters/store). */
const DATABASE_PACKAGES = [
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'node:sqlite',
  'pg',
  'postgres',
  'mysql',
  'mysql2',
  'mssql',
  'tedious',
  'oracledb',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  'knex',
  'kysely',
  'drizzle-orm',
  'typeorm',
  'sequelize',
  '@prisma/client',
  '@libsql/client',
  '@neondatabase/serverless',
];

const FORBIDDEN: Array<[reason: string, test: (specifier: string) => boolean]> = [
  ['a Slack SDK', (specifier) => specifier.startsWith('@slack/')],
  [
    'the Bot Framework or a Teams SDK',
    (specifier) => /^(botbuilder|botframework)(-|$|\/)|^@microsoft\/(teams|agents)/.test(specifier),
  ],
  ['a database driver', (specifier) => DATABASE_PACKAGES.some((name) => isPackage(specifier, name))],
  [
    'dotenv (configuration is the adapters’ job)',
    (specifier) => specifier === 'dotenv' || specifier.startsWith('dotenv/'),
  ],
  ['an adapter', (specifier) => /(^|\/)adapters(\/|$)/.test(specifier)],
];

function violations(specifiers: string[]): string[] {
  return specifiers.flatMap((specifier) =>
    FORBIDDEN.filter(([, matches]) => matches(specifier)).map(([reason]) => `${specifier} (${reason})`),
  );
}

/** File-system functions that write: calling one, or importing one (under any alias) from node:fs. */
const FS_WRITES = [
  'writeFile',
  'writeSync',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rename',
  'unlink',
  'rmdir',
  'rm',
  'copyFile',
  'cp',
  'symlink',
  'createWriteStream',
];
const WRITE_CALL = new RegExp(`\\b(?:${FS_WRITES.join('|')})(?:Sync)?\\s*\\(|\\bcreateWriteStream\\b`);
const FS_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*['"](?:node:)?fs(?:\/promises)?['"]/g;

/** Lines that write files, and write functions imported from node:fs. */
function fileWrites(source: string): string[] {
  const calls = source
    .split('\n')
    .flatMap((line, index) => (WRITE_CALL.test(line) ? [`line ${index + 1}: ${line.trim()}`] : []));
  const imported = [...source.matchAll(FS_IMPORT)].flatMap((match) =>
    (match[1] ?? '')
      .split(',')
      .map((name) => name.trim().split(/\s+as\s+/)[0] ?? '')
      .filter((name) => FS_WRITES.some((write) => name === write || name === `${write}Sync`))
      .map((name) => `imports ${name} from node:fs`),
  );
  return [...calls, ...imported];
}

/** The platforms' ids as the adapters name them: in src/ they would tie the core to one platform. */
const PLATFORM_NAME = /^\s*(slack|teams|ms-?teams|microsoft teams)\s*$/i;

/** String literals (outside comments) whose whole text is a platform's name, such as 'slack'. */
function platformNames(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
  const literals = code.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? [];
  return literals.filter((literal) => PLATFORM_NAME.test(literal.slice(1, -1)));
}

/** `process.env`, `process['env']` or `const { env } = process`. */
const READS_ENV =
  /\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"`]env|\{[^}]*\benv\b[^}]*\}\s*=\s*(?:globalThis\.)?process\b/;

const files = typeScriptFiles(srcDir).map((path) => ({
  name: relative(projectRoot, path),
  source: readFileSync(path, 'utf8'),
}));

describe('the core in src/', () => {
  it('is found by the walk, and its imports are read', () => {
    const names = files.map((file) => file.name);
    expect(names).toEqual(
      expect.arrayContaining(['src/core.ts', 'src/index.ts', 'src/knowledge/load.ts', 'src/search/text.ts']),
    );
    const core = files.find((file) => file.name === 'src/core.ts');
    expect(importsOf(core?.source ?? '')).toEqual(expect.arrayContaining(['./answer.js', './knowledge/load.js']));
    expect(importsOf(`import x from 'a';\nexport * from "b";\nimport 'c';\nconst d = await import('d');`)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('has checks that catch what they are meant to', () => {
    const samples = [
      '@slack/bolt',
      'botbuilder',
      'botframework-connector',
      '@microsoft/teams-ai',
      'better-sqlite3',
      'node:sqlite',
      'pg',
      '@prisma/client',
      'dotenv',
      '../adapters/config.js',
      '../../adapters/cli/ask.js',
      './answer.js',
      'minisearch',
      'pgp-words',
      './store/types.js',
    ];
    expect(violations(samples).map((violation) => violation.split(' ')[0])).toEqual(samples.slice(0, 11));
    for (const line of [
      "writeFileSync(file, '')",
      'fs.renameSync(a, b);',
      'await mkdir(dir, { recursive: true })',
      'const out = createWriteStream(file);',
      'await rm(dir)',
      "import { readFileSync, appendFile as add } from 'node:fs';",
      "import { unlink } from 'fs/promises';",
    ]) {
      expect(fileWrites(line)).not.toEqual([]);
    }
    for (const line of [
      "import { readFileSync, statSync } from 'node:fs';",
      'store.write(text)',
      'truncate(question, 500)',
      'readdirSync(dir)',
    ]) {
      expect(fileWrites(line)).toEqual([]);
    }
    expect(platformNames(`type P = 'slack' | "Teams";\nconst where = \`msteams\`;`)).toEqual([
      "'slack'",
      '"Teams"',
      '`msteams`',
    ]);
    expect(
      platformNames("// a 'slack' in a comment\n/* 'teams' */\nconst url = 'https://slack.com/'; // it's ok"),
    ).toEqual([]);
    for (const line of ['const dir = process.env.KNOWLEDGE_DIR;', "process['env'].X", 'const { env } = process;']) {
      expect(line).toMatch(READS_ENV);
    }
    expect('this.processor.processTerm(term)').not.toMatch(READS_ENV);
  });

  it.each(files.map((file) => [file.name, file.source]))(
    '%s imports no adapter, platform SDK, database driver or dotenv',
    (_, source) => {
      expect(violations(importsOf(source))).toEqual([]);
    },
  );

  it.each(files.map((file) => [file.name, file.source]))('%s writes no files', (_, source) => {
    expect(fileWrites(source)).toEqual([]);
  });

  it.each(files.map((file) => [file.name, file.source]))('%s names no platform', (_, source) => {
    expect(platformNames(source)).toEqual([]);
  });

  it.each(files.map((file) => [file.name, file.source]))('%s reads no environment variables', (_, source) => {
    const lines = source
      .split('\n')
      .flatMap((line, index) => (READS_ENV.test(line) ? [`line ${index + 1}: ${line.trim()}`] : []));
    expect(lines).toEqual([]);
  });
});

// Each platform's adapter maps the core's views to its own format. What two platforms share (such as
// adapters/reply-refs.ts) lives beside them in adapters/, so no platform depends on another's folder and
// one can change (or go) without breaking the other.

const PLATFORM_FOLDERS = ['adapters/slack', 'adapters/teams', 'adapters/cli'];

/** The project path a relative specifier names from the importing file, with / between parts; packages as they are. */
function importedPath(fileName: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(projectRoot, resolve(dirname(join(projectRoot, fileName)), specifier))
    .split(sep)
    .join('/');
}

/** The imports in a platform's file that reach into another platform's folder. */
function otherPlatformImports(fileName: string, source: string): string[] {
  const own = PLATFORM_FOLDERS.find((folder) => fileName.startsWith(`${folder}/`));
  return importsOf(source).filter((specifier) => {
    const target = importedPath(fileName, specifier);
    return PLATFORM_FOLDERS.some((folder) => folder !== own && (target === folder || target.startsWith(`${folder}/`)));
  });
}

const platformFiles = PLATFORM_FOLDERS.flatMap((folder) =>
  typeScriptFiles(join(projectRoot, folder)).map((path) => ({
    name: relative(projectRoot, path).split(sep).join('/'),
    source: readFileSync(path, 'utf8'),
  })),
);

describe('the platform adapters', () => {
  it('are found by the walk', () => {
    const names = platformFiles.map((file) => file.name);
    expect(names).toEqual(
      expect.arrayContaining(['adapters/slack/app.ts', 'adapters/teams/cards.ts', 'adapters/cli/ask.ts']),
    );
  });

  it('has a check that catches one platform importing another', () => {
    expect(otherPlatformImports('adapters/teams/bot.ts', "import { replyFromRef } from '../slack/refs.js';")).toEqual([
      '../slack/refs.js',
    ]);
    expect(
      otherPlatformImports('adapters/slack/listeners/share-button.ts', "export * from '../../teams/cards.js';"),
    ).toEqual(['../../teams/cards.js']);
    expect(otherPlatformImports('adapters/cli/ask.ts', "const t = await import('../teams');")).toEqual(['../teams']);
    for (const line of [
      "import { replyFromRef } from '../reply-refs.js';",
      "import { cards } from './cards.js';",
      "import { core } from '../../../src/index.js';",
      "import { App } from '@slack/bolt';",
    ]) {
      expect(otherPlatformImports('adapters/teams/bot.ts', line)).toEqual([]);
    }
  });

  it.each(platformFiles.map((file) => [file.name, file.source]))(
    '%s imports nothing from another platform’s folder',
    (name, source) => {
      expect(otherPlatformImports(name, source)).toEqual([]);
    },
  );
});
