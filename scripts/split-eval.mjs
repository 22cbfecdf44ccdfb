#!/usr/bin/env node
// Splits the question bank written blind into eval/tune.jsonl and eval/blind.jsonl, half and half
// within each category and kind, by a hash of each id (so the split is fixed and no one chooses it).
// Prints counts only: whoever runs it while curating the knowledge must not see the blind questions.
//
// usage: node scripts/split-eval.mjs RAW.jsonl ... [--out eval]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve(outAt >= 0 ? args[outAt + 1] : 'eval');
const files = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--out');

const records = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, n) => {
      try {
        return JSON.parse(line);
      } catch {
        // The parser's message quotes the line: name only where it is.
        console.error(`${file}: record ${n + 1} is not valid JSON`);
        return process.exit(1);
      }
    }),
);
const hash = (id) => createHash('sha256').update(`guidance-bot eval split: ${id}`).digest('hex');
const strata = new Map();
for (const record of records) {
  const key = `${record.category}/${record.kind}`;
  strata.set(key, [...(strata.get(key) ?? []), record]);
}
const tune = [];
const blind = [];
let turn = 0;
for (const key of [...strata.keys()].sort()) {
  const sorted = strata.get(key).sort((a, b) => (hash(a.id) < hash(b.id) ? -1 : 1));
  // Alternate which split takes a stratum's first question, so odd-sized strata even out.
  sorted.forEach((record, i) => {
    ((i + turn) % 2 === 0 ? blind : tune).push(record);
  });
  turn++;
}
const byId = (a, b) => (a.id < b.id ? -1 : 1);
const write = (name, list) =>
  writeFileSync(
    resolve(out, name),
    `${list
      .sort(byId)
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`,
  );
write('tune.jsonl', tune);
write('blind.jsonl', blind);
const count = (list, kind) => list.filter((r) => r.kind === kind).length;
console.log(
  `tune: ${tune.length} (${count(tune, 'off-topic')} off-topic); blind: ${blind.length} (${count(blind, 'off-topic')} off-topic)`,
);
