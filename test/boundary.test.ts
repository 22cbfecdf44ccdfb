import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers.js';

// The core (src/) is shared by the Slack, Teams and command-line adapters: it must not depend on any
// of them, on a platform SDK, or on the environment. Adapters read configuration and pass it in.

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

const FORBIDDEN: Array<[reason: string, test: (specifier: string) => boolean]> = [
  ['a Slack SDK', (specifier) => specifier.startsWith('@slack/')],
  ['the Bot Framework (Teams)', (specifier) => specifier === 'botbuilder' || specifier.startsWith('botbuilder-')],
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
      'dotenv',
      '../adapters/config.js',
      '../../adapters/cli/ask.js',
      './answer.js',
      'minisearch',
    ];
    expect(violations(samples).map((violation) => violation.split(' ')[0])).toEqual(samples.slice(0, 5));
    for (const line of ['const dir = process.env.KNOWLEDGE_DIR;', "process['env'].X", 'const { env } = process;']) {
      expect(line).toMatch(READS_ENV);
    }
    expect('this.processor.processTerm(term)').not.toMatch(READS_ENV);
  });

  it.each(files.map((file) => [file.name, file.source]))(
    '%s imports no adapter, platform SDK or dotenv',
    (_, source) => {
      expect(violations(importsOf(source))).toEqual([]);
    },
  );

  it.each(files.map((file) => [file.name, file.source]))('%s reads no environment variables', (_, source) => {
    const lines = source
      .split('\n')
      .flatMap((line, index) => (READS_ENV.test(line) ? [`line ${index + 1}: ${line.trim()}`] : []));
    expect(lines).toEqual([]);
  });
});
