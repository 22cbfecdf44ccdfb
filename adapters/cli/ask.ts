import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Core, type CoreOptions, formatProblem, KnowledgeError, loadKnowledge } from '../../src/index.js';
import { stopQuietlyWhenOutputCloses } from '../closed-pipe.js';
import { readSettings, startUp } from '../start-up.js';
import { answerJsonLines } from './jsonl.js';
import { renderPlain } from './render.js';

const USAGE = `Usage:
  npm run ask -- "Can I reply to this tweet about our policy?"
  npm run ask -- --context "the post you are asking about" "Can I reply to this?"
  npm run ask -- --json "question"          the answer as JSON
  npm run ask -- --jsonl < questions.jsonl  one {"id","question","context"} a line in, one answer a line out
  npm run ask -- principles | "principle 3" | week | help
  npm run ask -- check [FOLDER ...]         check knowledge files (default: the configured knowledge)

Options:
  --knowledge FOLDER   knowledge folder to use (repeatable; default KNOWLEDGE_DIR or the bundled knowledge/)
  --context TEXT       the message the question is about
  --json               print the answer object as JSON
  --jsonl              answer JSON lines from standard input
  -h, --help           this text`;

/**
 * Runs the command line. `coreOptions` adds to the options the core is built with: for a program (or test)
 * that runs the CLI with another answer policy, e.g. `{ answerPolicy: { weakBelow: 1 } }`.
 */
export async function main(argv: string[], coreOptions: Pick<CoreOptions, 'answerPolicy'> = {}): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`ask: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const knowledge = values.knowledge?.length ? { knowledgeDirs: values.knowledge } : {};
  let core: Core;
  try {
    if (positionals[0] === 'check') {
      const folders = positionals.slice(1);
      return check(
        folders.length > 0 ? folders : (knowledge.knowledgeDirs ?? readSettings(process.env).core.knowledgeDirs),
      );
    }
    ({ core } = startUp(process.env, { core: { ...coreOptions, ...knowledge } }));
  } catch (error) {
    // A setting or the knowledge is wrong: the message says what and where, without a stack.
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  if (values.jsonl) return answerJsonLines(core, process.stdin, process.stdout, process.stderr);

  const question = positionals.join(' ');
  if (!question.trim() && !values.context) {
    process.stderr.write(`ask: no question given.\n\n${USAGE}\n`);
    return 2;
  }
  const reply = core.respond(question, values.context ? { context: values.context } : {});
  const output = values.json
    ? JSON.stringify(reply.kind === 'answer' ? reply.result : reply, null, 2)
    : renderPlain(reply, core.presentation);
  process.stdout.write(`${output}\n`);
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      knowledge: { type: 'string', multiple: true },
      context: { type: 'string' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function check(folders: string[]): number {
  try {
    const knowledge = loadKnowledge(folders);
    process.stdout.write(
      `ok: ${knowledge.principles.length} principles, ${knowledge.sources.length} sources, ${knowledge.passages.length} passages in ${folders.join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    process.stderr.write(`check: ${error.problems.length} problem(s) found\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  stopQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
