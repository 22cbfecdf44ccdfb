// npm run bench: index build time, query latency and memory, for the bundled knowledge and for a
// generated 10,000-passage corpus (a department's whole handbook), plus the wall time of `ask`.
// Targets (issue #2): bundled build < 50 ms, query p99 < 1 ms; 10k build < 2 s, query p99 < 10 ms;
// one `ask` < 0.5 s wall. "build" indexes from scratch; "load saved" starts from a saved index
// (CoreOptions.savedIndex, in INDEX_FILE), as `ask` and `npm start` do when the knowledge has not changed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLED_KNOWLEDGE, PROJECT_ROOT } from '../adapters/config.js';
import { savedIndexFile } from '../adapters/saved-index-file.js';
import { createCore, type Knowledge, loadKnowledge } from '../src/index.js';
import { generatedKnowledge } from './corpus.js';

/** Builds timed for each corpus after the first (which includes the JIT warming up, reported apart). */
const BUILD_RUNS = { small: 20, large: 5 };
const QUERY_ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function time<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

function queriesFrom(knowledge: Knowledge): string[] {
  // Staff-style questions: each passage's example questions, which cover every part of the index.
  return knowledge.passages.flatMap((passage) => passage.questions).slice(0, 2000);
}

function measure(label: string, knowledge: Knowledge, queries: string[]): void {
  const builds: number[] = [];
  let [core, firstBuild] = time(() => createCore({ knowledge }));
  const runs = knowledge.passages.length > 1000 ? BUILD_RUNS.large : BUILD_RUNS.small;
  for (let run = 0; run < runs; run++) {
    const [built, elapsed] = time(() => createCore({ knowledge }));
    core = built;
    builds.push(elapsed);
  }
  builds.sort((a, b) => a - b);

  // Start-up from a saved index (CoreOptions.savedIndex, in a file): built and saved once, then loaded.
  const indexFile = join(mkdtempSync(join(tmpdir(), 'guidance-bot-bench-')), 'index.json');
  const savedIndex = savedIndexFile(indexFile);
  createCore({ knowledge, savedIndex });
  const loads: number[] = [];
  for (let run = 0; run < runs; run++) loads.push(time(() => createCore({ knowledge, savedIndex }))[1]);
  loads.sort((a, b) => a - b);
  rmSync(dirname(indexFile), { recursive: true, force: true });

  for (const question of queries.slice(0, 200)) core.answer({ question }); // warm up
  const latencies: number[] = [];
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const question of queries) latencies.push(time(() => core.answer({ question }))[1]);
  }
  latencies.sort((a, b) => a - b);
  const memory = process.memoryUsage();
  console.log(
    `${label.padEnd(20)} ${String(knowledge.passages.length).padStart(6)} passages  build first ${ms(firstBuild).padStart(8)}` +
      ` median ${ms(percentile(builds, 50)).padStart(8)}` +
      `  load saved median ${ms(percentile(loads, 50)).padStart(8)}` +
      `  query p50 ${ms(percentile(latencies, 50)).padStart(8)}  p99 ${ms(percentile(latencies, 99)).padStart(8)}` +
      `  (${latencies.length} queries)  rss ${mb(memory.rss)}  heap ${mb(memory.heapUsed)}`,
  );
}

function askWallTime(): void {
  const script = join(PROJECT_ROOT, 'dist', 'adapters', 'cli', 'ask.js');
  const runs: number[] = [];
  for (let run = 0; run < 10; run++) {
    runs.push(time(() => execFileSync(process.execPath, [script, 'Can I reply to this tweet about our policy?']))[1]);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `ask (node dist/adapters/cli/ask.js, one question, 10 runs)  median ${ms(percentile(runs, 50))}  max ${ms(runs.at(-1) ?? Number.NaN)}`,
  );
}

const [bundled, loadTime] = time(() => loadKnowledge([BUNDLED_KNOWLEDGE]));
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`load bundled knowledge (first, cold): ${ms(loadTime)}`);
measure('bundled knowledge', bundled, queriesFrom(bundled));
const generated = generatedKnowledge(bundled, 10_000);
measure('generated handbook', generated, queriesFrom(generated));
askWallTime();
