import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/index.js';
import { copyFixture, makeTempDir, projectRoot, writeFile } from '../helpers.js';

const run = promisify(execFile);
const SCRIPT = join(projectRoot, 'scripts', 'add-examples.mjs');

const OFF_TOPIC = `---
# Ours.
type: out-of-scope
id: socials
questions:
  - "when is the christmas do?"
---
`;

function knowledgeWithOffTopic(): string {
  const dir = copyFixture();
  writeFile(dir, 'out-of-scope/socials.md', OFF_TOPIC);
  return dir;
}

function records(...lines: object[]): string {
  return writeFile(makeTempDir(), 'examples.jsonl', `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
}

async function addExamples(dir: string, file: string) {
  return run(process.execPath, [SCRIPT, '--knowledge', dir, '--out-of-scope', 'socials', file]);
}

describe('scripts/add-examples.mjs', () => {
  it("adds each question to its best passage's examples, off-topic ones to the out-of-scope file, and the knowledge still loads", async () => {
    const dir = knowledgeWithOffTopic();
    const file = records(
      {
        question: 'troll keeps swearing at our account, do we argue back?',
        best: 'no-arguments',
        also: ['official-account-tone'],
      },
      { question: 'thoughts?', context: 'You lot are "useless"', best: 'no-arguments' },
      { question: 'is the summer social on friday?', best: null },
    );
    const { stdout } = await addExamples(dir, file);
    expect(stdout).toContain('3 examples added to 2 files');

    const knowledge = loadKnowledge([dir]);
    const examplesOf = (id: string) => knowledge.passages.find((passage) => passage.id === id)?.questions;
    expect(examplesOf('no-arguments')).toEqual([
      'troll keeps swearing at our account, do we argue back?',
      'Someone posted: "You lot are "useless"" — thoughts?',
    ]);
    // Only `best` learns the example: `also` passages are acceptable answers, not the situation's own.
    expect(examplesOf('official-account-tone')).not.toContain('troll keeps swearing at our account, do we argue back?');
    expect(knowledge.outOfScope?.find((topic) => topic.id === 'socials')?.questions).toEqual([
      'when is the christmas do?',
      'is the summer social on friday?',
    ]);
    // The quote itself is untouched.
    expect(readFileSync(join(dir, 'passages/no-arguments.md'), 'utf8')).toContain(
      '---\nDo not argue with people who are rude to the account; report abuse instead.',
    );
  });

  it('skips a question the passage already has', async () => {
    const dir = knowledgeWithOffTopic();
    const file = records({ question: 'When is the Christmas do??', best: null });
    const { stdout } = await addExamples(dir, file);
    expect(stdout).toContain('0 examples added');
    expect(readFileSync(join(dir, 'out-of-scope/socials.md'), 'utf8')).toBe(OFF_TOPIC);
  });

  it('writes nothing, and names the line, when a record names no passage of the knowledge', async () => {
    const dir = knowledgeWithOffTopic();
    const before = readFileSync(join(dir, 'passages/no-arguments.md'), 'utf8');
    const file = records(
      { question: 'can I argue with trolls?', best: 'no-arguments' },
      { question: 'can I?', best: 'no-such-passage' },
    );
    const failure = await addExamples(dir, file).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(`${file}:2: "no-such-passage" is no passage`);
    expect(readFileSync(join(dir, 'passages/no-arguments.md'), 'utf8')).toBe(before);
  });

  it('writes nothing, and names the file, when a file to be added to has unclosed front matter', async () => {
    const dir = knowledgeWithOffTopic();
    const broken = writeFile(dir, 'passages/unclosed.md', '---\ntype: passage\nid: unclosed\nquestions:\n  - "old"\n');
    const before = readFileSync(join(dir, 'passages/no-arguments.md'), 'utf8');
    const file = records(
      { question: 'can I argue with trolls?', best: 'no-arguments' },
      { question: 'new one', best: 'unclosed' },
    );
    const failure = await addExamples(dir, file).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(`${broken}: its front matter is not closed by ---`);
    expect(readFileSync(broken, 'utf8')).toBe('---\ntype: passage\nid: unclosed\nquestions:\n  - "old"\n');
    expect(readFileSync(join(dir, 'passages/no-arguments.md'), 'utf8')).toBe(before);
  });
});
