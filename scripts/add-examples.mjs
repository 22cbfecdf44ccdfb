#!/usr/bin/env node
// Adds labelled example questions to the knowledge: each on-topic record's question goes into the
// `questions:` list of the passage it names as `best`; each off-topic one (`best: null`) into an
// out-of-scope file. Records are JSONL, as written by someone who never read eval/:
//   {"question":"…","context":"the post, if one was pasted","best":"passage-id"|null,"also":[…]}
// Only `best` is used: an example teaches the re-ranker which ONE passage fits its situation. Adding it
// to the acceptable others as well (`also`) taught it that they fit equally: tune passage@1 fell from
// 0.50 to 0.45 when 600 such examples were added that way (issue 10).
// Nothing is written unless every record names a passage or out-of-scope file that exists, and every
// file to be written has its front matter closed by `---`.
//
//   node scripts/add-examples.mjs [--knowledge knowledge] [--out-of-scope ID] [--note TEXT] FILE.jsonl…
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    knowledge: { type: 'string', default: 'knowledge' },
    'out-of-scope': { type: 'string' },
    note: { type: 'string', default: 'situation-first examples, labelled with the passage that best answers them' },
  },
});
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/add-examples.mjs [--out-of-scope ID] [--note TEXT] FILE.jsonl…\n');
  process.exit(2);
}

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
const idOf = (text) => /^id:\s*(\S+)\s*$/m.exec(text)?.[1];
/** Each knowledge file by its id, with its text (read once, for finding ids and for adding to). */
const byId = new Map();
for (const file of files(values.knowledge)) {
  const text = readFileSync(file, 'utf8');
  const id = idOf(text);
  if (id) byId.set(id, { file, text, end: text.indexOf('\n---', 4) });
}

const normalised = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const exampleOf = (record) =>
  record.context ? `Someone posted: "${record.context.trim()}" — ${record.question.trim()}` : record.question.trim();

const additions = new Map();
const problems = [];
for (const path of positionals) {
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, n) => {
      if (!line.trim()) return;
      let record;
      try {
        record = JSON.parse(line);
      } catch (error) {
        problems.push(`${path}:${n + 1}: not JSON (${error.message})`);
        return;
      }
      if (typeof record.question !== 'string' || !record.question.trim()) {
        problems.push(`${path}:${n + 1}: no "question"`);
        return;
      }
      const target = record.best ?? values['out-of-scope'];
      if (!target) return;
      const known = byId.get(target);
      if (!known) {
        problems.push(`${path}:${n + 1}: "${target}" is no passage or out-of-scope id in ${values.knowledge}/`);
        return;
      }
      if (known.end === -1) {
        problems.push(`${known.file}: its front matter is not closed by ---; fix it (npm run check) first`);
        return;
      }
      if (!additions.has(target)) additions.set(target, []);
      additions.get(target).push(exampleOf(record));
    });
}
if (problems.length > 0) {
  process.stderr.write(`add-examples: nothing written; fix these first:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}

let added = 0;
for (const [id, examples] of additions) {
  const { file, text, end } = byId.get(id);
  const frontMatter = text.slice(0, end);
  const seen = new Set([...frontMatter.matchAll(/^ {2}- "(.*)"\s*$/gm)].map((m) => normalised(m[1])));
  const fresh = examples.filter((example) => {
    const key = normalised(example);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) continue;
  writeFileSync(
    file,
    `${withQuestions(frontMatter, [`  # Ours: ${values.note}.`, ...fresh.map((example) => `  - ${JSON.stringify(example)}`)])}${text.slice(end)}`,
  );
  added += fresh.length;
}
process.stdout.write(`add-examples: ${added} examples added to ${additions.size} files\n`);

/** The front matter with `lines` added at the end of its `questions:` list (made if there is none). */
function withQuestions(frontMatter, lines) {
  const all = frontMatter.split('\n');
  const key = all.findIndex((line) => /^questions:\s*$/.test(line));
  if (key === -1) return [...all, 'questions:', ...lines].join('\n');
  let last = key;
  while (last + 1 < all.length && /^\s+(- |#)/.test(all[last + 1])) last++;
  all.splice(last + 1, 0, ...lines);
  return all.join('\n');
}
