import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AnswerPolicy, WEAK_ANSWER_LEAD } from '../../src/index.js';
import { type CliRun, copyFixture, fixtureKnowledge, makeTempDir, projectRoot, runCli, writeFile } from '../helpers.js';

// These run the compiled CLI, dist/adapters/cli/ask.js, as `npm run ask` does; test/global-setup.ts
// builds it from the current source before any test runs.

const QUESTION = 'Can I criticise government policy on my personal Twitter account?';
const FIXTURE_TITLES = ['Principle 1: Listen before you join in', 'Principle 2: Speak carefully on official accounts'];

interface AnswerJson {
  answered: boolean;
  principle: { id: string; number: number; title: string };
  passage: { id: string; text: string; source: { title: string; published: string; section: string; url: string } };
  alternatives: Array<{ principle: { id: string }; passage: { id: string } }>;
  score: number;
}

function parseLines(stdout: string): Array<Record<string, unknown>> {
  expect(stdout.endsWith('\n'), 'stdout ends with a newline').toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ask "question"', () => {
  it('prints the principle, the quoted passage and its source address', () => {
    const json = runCli(['--json', QUESTION]);
    const answer = JSON.parse(json.stdout) as AnswerJson;
    expect(answer.answered).toBe(true);

    const plain = runCli([QUESTION]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toBe('');
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toBe(`Principle ${answer.principle.number}: ${answer.principle.title}`);
    const firstParagraph = answer.passage.text.split('\n\n')[0];
    expect(plain.stdout).toContain(`  “${firstParagraph}`);
    expect(lines).toContain(`     ${answer.passage.source.url}`);
  });

  it('--json prints one JSON object with the answer contract and no id', () => {
    const { status, stdout, stderr } = runCli(['--json', QUESTION]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const answer = JSON.parse(stdout) as AnswerJson & Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual([
      'alternatives',
      'answered',
      'passage',
      'principle',
      'score',
      'truncated',
    ]);
    expect(answer).not.toHaveProperty('id');
    expect(answer).toMatchObject({
      answered: true,
      principle: { id: expect.any(String), number: expect.any(Number), title: expect.any(String) },
      passage: {
        id: expect.any(String),
        text: expect.any(String),
        source: {
          title: expect.any(String),
          published: expect.any(String),
          section: expect.any(String),
          url: expect.any(String),
        },
      },
      score: expect.any(Number),
    });
    expect(answer.alternatives.length).toBeLessThanOrEqual(2);
  });

  it('--context is passed to the core with the question', () => {
    const question = 'can I reply to this?';
    const context = 'A user keeps swearing at our account and threatening our staff in every reply.';
    const withContext = JSON.parse(runCli(['--json', '--context', context, question]).stdout) as AnswerJson;
    const without = JSON.parse(runCli(['--json', question]).stdout) as AnswerJson;
    expect(withContext.passage.id).not.toBe(without.passage.id);
    expect(withContext.passage.text).toContain('Do not engage with users who are aggressive/abusive');
  });

  it('with no question, exits 2 with the usage on stderr and nothing on stdout', () => {
    const { status, stdout, stderr } = runCli([]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ask: no question given\.\n\nUsage:\n/);
  });

  it('an unknown option exits 2 with the usage on stderr', () => {
    const { status, stderr } = runCli(['--jsn', QUESTION]);
    expect(status).toBe(2);
    expect(stderr).toContain("Unknown option '--jsn'");
    expect(stderr).toContain('Usage:');
  });
});

describe('ask --jsonl', () => {
  it('answers one JSON line per non-blank input line, with its id, and nothing else', () => {
    const input = [
      JSON.stringify({ id: 'q1', question: 'can I reply to this?', context: 'Vote for my party on Thursday!' }),
      JSON.stringify({ id: 'q2', question: 'best pizza place near Victoria station' }),
      '',
      JSON.stringify({ id: 'q3', question: QUESTION }),
      '   ',
    ].join('\n');
    const { status, stdout, stderr } = runCli(['--jsonl'], { input });
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const answers = parseLines(stdout);
    expect(answers.map((answer) => answer.id).sort()).toEqual(['q1', 'q2', 'q3']);
    const byId = new Map(answers.map((answer) => [answer.id, answer]));
    expect(byId.get('q1')?.answered).toBe(true);
    expect(byId.get('q2')).toMatchObject({ answered: false, reason: expect.any(String) });
    expect(byId.get('q3')).toMatchObject({ answered: true, principle: { id: 'civil-service-code' } });
  });

  it('the context of a line is used', () => {
    const question = 'can I reply to this?';
    const context = 'A user keeps swearing at our account and threatening our staff in every reply.';
    const input = `${JSON.stringify({ id: 'a', question, context })}\n${JSON.stringify({ id: 'b', question })}\n`;
    const [withContext, without] = parseLines(runCli(['--jsonl'], { input }).stdout) as unknown as AnswerJson[];
    expect(withContext?.passage.id).not.toBe(without?.passage.id);
  });

  it('a line that is not JSON gets an error line and exit 1; the other lines are still answered', () => {
    const input = [
      JSON.stringify({ id: 'ok-1', question: QUESTION }),
      '{"id": "broken", "question": ',
      JSON.stringify({ id: 'ok-2', question: 'Can I share a party political post during the election campaign?' }),
      JSON.stringify({ id: 'no-question', context: 'only context' }),
    ].join('\n');
    const { status, stdout, stderr } = runCli(['--jsonl'], { input });
    expect(status).toBe(1);
    const answers = parseLines(stdout);
    expect(answers).toHaveLength(4);
    expect(answers).toContainEqual({ id: null, answered: false, error: 'not valid JSON' });
    expect(answers).toContainEqual({ id: 'no-question', answered: false, error: '"question" must be a string' });
    expect(answers.filter((answer) => answer.answered === true).map((answer) => answer.id)).toEqual(['ok-1', 'ok-2']);
    expect(stderr).toBe('ask --jsonl: line 2: not valid JSON\nask --jsonl: line 4: "question" must be a string\n');
  });
});

describe('ask check', () => {
  it('passes the bundled knowledge with exit 0', () => {
    const { status, stdout, stderr } = runCli(['check']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^ok: 6 principles, \d+ sources, \d+ passages in .*knowledge\n$/);
  });

  it('fails a broken folder with exit 1, listing file:line: problems on stderr', () => {
    const dir = copyFixture();
    const broken = writeFile(
      dir,
      'passages/no-arguments.md',
      '---\ntype: passage\nid: no-arguments\nprinciple: nobody\nsource: fixture-guide\nsection: Replies\n---\nQuote.\n',
    );
    const { status, stdout, stderr } = runCli(['check', dir]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${broken}:4: unknown principle "nobody" (known: speak-carefully, listen-first)\ncheck: 1 problem(s) found\n`,
    );
  });
});

describe('choosing the knowledge', () => {
  it('uses the folder in KNOWLEDGE_DIR', () => {
    const { status, stdout } = runCli(['principles'], { env: { KNOWLEDGE_DIR: fixtureKnowledge } });
    expect(status).toBe(0);
    for (const title of FIXTURE_TITLES) expect(stdout).toContain(`\n${title}\n`);
    expect(runCli(['check'], { env: { KNOWLEDGE_DIR: fixtureKnowledge } }).stdout).toBe(
      `ok: 2 principles, 1 sources, 3 passages in ${fixtureKnowledge}\n`,
    );
  });

  it('uses the --knowledge folder, before KNOWLEDGE_DIR', () => {
    const missing = join(makeTempDir(), 'missing');
    const { status, stdout } = runCli(['--knowledge', fixtureKnowledge, 'principles'], {
      env: { KNOWLEDGE_DIR: missing },
    });
    expect(status).toBe(0);
    expect(stdout).toContain(FIXTURE_TITLES[1]);
  });

  it('exits 1 naming the problem when the knowledge does not load', () => {
    const missing = join(makeTempDir(), 'missing');
    const { status, stdout, stderr } = runCli(['--knowledge', missing, QUESTION]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${missing}: knowledge folder does not exist`);
  });

  it('reads a .env in the working folder without printing anything about it', () => {
    const cwd = makeTempDir();
    writeFile(cwd, '.env', `KNOWLEDGE_DIR=${fixtureKnowledge}\n`);
    const { status, stdout, stderr } = runCli(['--json', 'principles'], { cwd });
    expect(status).toBe(0);
    expect(stderr).toBe('');
    // The whole of stdout is the reply: the .env was used, and no dotenv banner came with it.
    const reply = JSON.parse(stdout) as { kind: string; principles: Array<{ id: string }> };
    expect(reply.kind).toBe('principles');
    expect(reply.principles.map((p) => p.id)).toEqual(['listen-first', 'speak-carefully']);
  });
});

/**
 * Runs the compiled CLI as `npm run ask` does, but with an answer policy that no flag sets: a child
 * process imports dist/adapters/cli/ask.js and calls its main() with the arguments and the policy.
 */
function runCliWithPolicy(answerPolicy: Partial<AnswerPolicy>, args: string[], input = ''): CliRun {
  const cli = pathToFileURL(join(projectRoot, 'dist', 'adapters', 'cli', 'ask.js')).href;
  const script = `const { main } = await import(${JSON.stringify(cli)});
process.exitCode = await main(${JSON.stringify(args)}, { answerPolicy: ${JSON.stringify(answerPolicy)} });`;
  const env: NodeJS.ProcessEnv = { ...process.env, INDEX_FILE: 'off' };
  delete env.KNOWLEDGE_DIR;
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: projectRoot,
    env,
    input,
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('weak answers', () => {
  // Matches part of two passages of the fixture knowledge (which has no topic words), fully neither.
  const question = 'someone rude keeps replying to our official posts, do we argue?';
  const knowledge = ['--knowledge', fixtureKnowledge];

  it('--json on a core whose weakBelow is 1 carries "weak": true; a normal answer has no "weak" at all', () => {
    const weak = runCliWithPolicy({ weakBelow: 1 }, [...knowledge, '--json', question]);
    expect(weak.status).toBe(0);
    expect(weak.stderr).toBe('');
    const weakAnswer = JSON.parse(weak.stdout) as Record<string, unknown>;
    expect(weakAnswer).toMatchObject({ answered: true, weak: true, passage: { id: expect.any(String) } });

    const normal = runCliWithPolicy({ weakBelow: 0 }, [...knowledge, '--json', question]);
    expect(normal.status).toBe(0);
    const normalAnswer = JSON.parse(normal.stdout) as Record<string, unknown>;
    expect(normalAnswer.answered).toBe(true);
    expect(normalAnswer).not.toHaveProperty('weak');
    expect(normal.stdout).not.toContain('"weak"');
    // Nothing else differs: the same passages, in the same contract.
    const { weak: _, ...rest } = weakAnswer;
    expect(rest).toEqual(normalAnswer);
  });

  it('--jsonl carries "weak": true on a weak answer, beside its id', () => {
    const input = `${JSON.stringify({ id: 'w1', question })}\n`;
    const { status, stdout } = runCliWithPolicy({ weakBelow: 1 }, [...knowledge, '--jsonl'], input);
    expect(status).toBe(0);
    expect(parseLines(stdout)).toEqual([expect.objectContaining({ id: 'w1', answered: true, weak: true })]);
  });

  it('are printed as the closest passages, each with its principle, quote and source', () => {
    const json = JSON.parse(runCliWithPolicy({ weakBelow: 1 }, [...knowledge, '--json', question]).stdout);
    const { status, stdout, stderr } = runCliWithPolicy({ weakBelow: 1 }, [...knowledge, question]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(WEAK_ANSWER_LEAD);
    expect(stdout).not.toContain('Also relevant');
    const closest = [json, ...json.alternatives] as AnswerJson[];
    closest.forEach((shown, index) => {
      expect(lines).toContain(`${index + 1}. Principle ${shown.principle.number}: ${shown.principle.title}`);
      expect(stdout).toContain(`  “${shown.passage.text.split('\n')[0]}`);
      expect(lines).toContain(`     ${shown.passage.source.url}`);
    });
  });
});
