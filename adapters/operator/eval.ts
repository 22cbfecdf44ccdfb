import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../../src/index.js';
import { stopQuietlyWhenOutputCloses } from '../closed-pipe.js';
import { belowFloors, type Figures, type Floors, fixed, type Miss, parseRecords, score } from './eval-score.js';

const USAGE = `Usage:
  npm run eval                          both splits of eval/, the gap between them, and the ratchet
  npm run eval -- --show-misses         and every miss of the tune split (never of the blind one)
  npm run eval -- --set FILE [--show-misses]   any other set in the record format
  npm run eval -- --json                the figures as JSON

Options:
  --knowledge FOLDER   knowledge folder to use (repeatable; default the bundled knowledge/)
  --eval-dir FOLDER    where tune.jsonl, blind.jsonl and floors.json are (default eval/)`;

/** The split whose questions nobody who curates the knowledge may read: only its figures are shown. */
const BLIND = 'blind.jsonl';

export async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`eval: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const evalDir = resolve(values['eval-dir'] ?? 'eval');
  const core = createCore({ knowledgeDirs: values.knowledge?.length ? values.knowledge : ['knowledge'] });
  const run = (file: string) => {
    const records = parseRecords(readFileSync(file, 'utf8'), file);
    return score(records, (record) =>
      core.answer({ question: record.question, ...(record.context ? { context: record.context } : {}) }),
    );
  };

  const blindFile = resolve(evalDir, BLIND);
  if (values.set) {
    const file = resolve(values.set);
    if (values['show-misses'] && isBlind(file, blindFile)) return refuseBlind();
    const { figures, misses } = run(file);
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else printFigures(basename(file), figures);
    if (values['show-misses']) printMisses(withoutBlind(misses, blindFile));
    return 0;
  }

  const tune = run(resolve(evalDir, 'tune.jsonl'));
  const blind = run(blindFile);
  const floors = JSON.parse(readFileSync(resolve(evalDir, 'floors.json'), 'utf8')) as Floors;
  const failures = belowFloors(blind.figures, floors);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ tune: tune.figures, blind: blind.figures, floors, failures })}\n`);
    return failures.length > 0 ? 1 : 0;
  }
  printFigures('tune', tune.figures);
  if (values['show-misses']) printMisses(tune.misses);
  printFigures('blind', blind.figures);
  const gap = tune.figures['passage@1'] - blind.figures['passage@1'];
  process.stdout.write(`gap (tune - blind) passage@1 ${fixed(gap)}\n`);
  if (failures.length > 0) {
    process.stdout.write(`ratchet FAILED (eval/floors.json): ${failures.join('; ')}\n`);
    return 1;
  }
  process.stdout.write('ratchet ok: the blind figures are at or above eval/floors.json\n');
  return 0;
}

function printFigures(name: string, f: Figures): void {
  const out: string[] = [`${name}: ${f.questions} questions (${f.onTopic} on-topic, ${f.offTopic} off-topic)`];
  const row = (label: string, groups: Figures['byCategory']) =>
    `  ${label.padEnd(10)} ${Object.entries(groups)
      .map(([key, { n, score }]) => `${key} ${fixed(score)} (${n})`)
      .join(', ')}`;
  out.push(row('category', f.byCategory), row('style', f.byStyle));
  out.push(
    `  passage@1=${fixed(f['passage@1'])} passage@3=${fixed(f['passage@3'])} principle@1=${fixed(f['principle@1'])} ` +
      `answered=${fixed(f.answered)} declined=${fixed(f.declined)} misleading=${f.misleading} weak=${f.weak} ` +
      `top-share=${fixed(f['top share'])} (${f.topPassage ?? 'none'})`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

function printMisses(misses: Miss[]): void {
  for (const miss of misses) {
    process.stdout.write(`  miss ${miss.id}: ${miss.why}: ${miss.question}\n`);
    if (miss.got) process.stdout.write(`        got ${miss.got.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  }
}

/** The blind split under any name: the same file (through a link or a copy's path), or one named like it. */
function isBlind(file: string, blindFile: string): boolean {
  if (basename(file).toLowerCase() === BLIND) return true;
  return existsSync(blindFile) && existsSync(file) && realpathSync(file) === realpathSync(blindFile);
}

/** Misses of another set, less any question that is also in the blind split (a copy of it, say). */
function withoutBlind(misses: Miss[], blindFile: string): Miss[] {
  if (!existsSync(blindFile)) return misses;
  const blind = parseRecords(readFileSync(blindFile, 'utf8'), blindFile);
  const ids = new Set(blind.map((record) => record.id));
  const questions = new Set(blind.map((record) => record.question));
  return misses.filter((miss) => !ids.has(miss.id) && !questions.has(miss.question));
}

function refuseBlind(): number {
  process.stderr.write(
    'eval: the blind split is never shown, only its figures: whoever curates the knowledge must not read it.\n',
  );
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      knowledge: { type: 'string', multiple: true },
      'eval-dir': { type: 'string' },
      set: { type: 'string' },
      'show-misses': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  stopQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
