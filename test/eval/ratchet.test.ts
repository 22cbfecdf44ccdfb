import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import {
  belowFloors,
  type EvalRecord,
  type Floors,
  normalise,
  parseRecords,
  score,
} from '../../adapters/operator/eval-score.js';
import { type Core, createCore } from '../../src/index.js';
import { projectRoot } from '../helpers.js';

// The question bank in eval/ was written blind (see eval/README.md). These tests hold the blind
// split's figures at or above eval/floors.json, and keep its questions out of every message: whoever
// curates the knowledge reads only the figures.

const evalDir = join(projectRoot, 'eval');
const read = (name: string) => parseRecords(readFileSync(join(evalDir, name), 'utf8'), name);
const run = promisify(execFile);

let core: Core;
let tune: EvalRecord[];
let blind: EvalRecord[];
beforeAll(() => {
  core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
  tune = read('tune.jsonl');
  blind = read('blind.jsonl');
});

const answerOf = (record: EvalRecord) =>
  core.answer({ question: record.question, ...(record.context ? { context: record.context } : {}) });

describe('the blind split (figures only)', () => {
  it('stays at or above the floors of eval/floors.json', () => {
    const floors = JSON.parse(readFileSync(join(evalDir, 'floors.json'), 'utf8')) as Floors;
    const { figures } = score(blind, answerOf);
    // Only figures: never a question, so a failure here shows nothing a curator may not read.
    expect(belowFloors(figures, floors), JSON.stringify({ ...figures, byCategory: undefined })).toEqual([]);
  });

  it('catches a drop: a core that declines everything falls below the floors', () => {
    const floors = JSON.parse(readFileSync(join(evalDir, 'floors.json'), 'utf8')) as Floors;
    const declining = createCore({
      knowledge: core.knowledge,
      answerPolicy: { minConfidence: 2, minAmbiguousConfidence: 2, minUncoveredConfidence: 2 },
    });
    const { figures } = score(blind, (record) => declining.answer({ question: record.question }));
    expect(belowFloors(figures, floors)).toContain(`passage@1 0.00 < floor ${floors['passage@1']}`);
  });

  it('refuses to show the blind questions, and shows the tune ones', async () => {
    const cli = resolve(projectRoot, 'dist/adapters/operator/eval.js');
    const refused = await run('node', [cli, '--set', join(evalDir, 'blind.jsonl'), '--show-misses'], {
      cwd: projectRoot,
    }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/never shown/);
    // Assertions on blind questions name only ids, so that a failure prints nothing a curator may not read.
    const printed = refused.stdout + refused.stderr;
    expect(blind.filter((record) => printed.includes(record.question)).map((record) => record.id)).toEqual([]);

    const all = await run('node', [cli, '--show-misses'], { cwd: projectRoot, maxBuffer: 8 << 20 }).catch(
      (error: { stdout: string }) => error,
    );
    const shownIds = new Set([...all.stdout.matchAll(/miss (\S+):/g)].map((match) => match[1]));
    expect(blind.filter((record) => shownIds.has(record.id)).map((record) => record.id)).toEqual([]);
    // A short question ("can I?") may be asked in both splits; a longer one printed must be a tune one.
    const printedBlind = blind.filter((record) => record.question.length >= 40 && all.stdout.includes(record.question));
    expect(printedBlind.map((record) => record.id)).toEqual([]);
    expect(all.stdout).toMatch(/^tune: /m);
    expect(all.stdout).toMatch(/^blind: /m);
    expect(all.stdout).toMatch(/^gap \(tune - blind\) passage@1 /m);
  });
});

describe('the question bank', () => {
  it('has at least 400 questions, 15% or more of them tempting off-topic ones, split into tune and blind', () => {
    const all = [...tune, ...blind];
    expect(all.length).toBeGreaterThanOrEqual(400);
    expect(all.filter((record) => record.kind === 'off-topic').length / all.length).toBeGreaterThanOrEqual(0.15);
    expect(new Set(all.map((record) => record.id)).size, 'ids are unique across the splits').toBe(all.length);
    expect(Math.min(tune.length, blind.length)).toBeGreaterThan(all.length / 3);
  });

  it('labels every on-topic question with phrases and principles, and off-topic ones with none', () => {
    const principleIds = new Set(core.knowledge.principles.map((principle) => principle.id));
    for (const record of [...tune, ...blind]) {
      if (record.kind === 'off-topic') {
        expect(record.phrases.length, record.id).toBe(0);
        continue;
      }
      expect(record.kind, record.id).toBe('on-topic');
      expect(record.phrases.length, record.id).toBeGreaterThan(0);
      expect(record.principles?.length, record.id).toBeGreaterThan(0);
      for (const id of record.principles ?? []) expect(principleIds.has(id), `${record.id}: ${id}`).toBe(true);
    }
  });

  const sources = resolve(projectRoot, '..', 'shared', 'sources');
  it.skipIf(!existsSync(sources))('labels only verbatim official wording from ../shared/sources', async () => {
    const { readdirSync } = await import('node:fs');
    const texts = readdirSync(sources)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => normalise(readFileSync(join(sources, name), 'utf8')));
    const unknown = [...tune, ...blind].filter((record) =>
      [...record.phrases, ...(record.avoid ?? [])].some(
        (phrase) => !texts.some((text) => text.includes(normalise(phrase))),
      ),
    );
    // Ids only: a blind record's labels are not for a curator's eyes.
    expect(unknown.map((record) => record.id)).toEqual([]);
  });
});
