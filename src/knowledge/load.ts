import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeError, type KnowledgeProblem } from '../errors.js';
import type { Knowledge, Principle } from '../types.js';
import { type Declaration, type KnowledgeEntry, type PassageQuote, parseKnowledgeFile } from './parse.js';
import { comparableText } from './quote.js';

/**
 * Loads every knowledge file under the given folders, checks each and all of them together, and
 * returns the knowledge or throws a {@link KnowledgeError} listing every problem with its file and line.
 */
export function loadKnowledge(folders: readonly string[]): Knowledge {
  const problems: KnowledgeProblem[] = [];
  const entries: KnowledgeEntry[] = [];
  const broken: Declaration[] = [];
  const quotes: PassageQuote[] = [];
  for (const folder of folders) {
    const files = listKnowledgeFiles(folder, problems);
    if (files.length === 0 && !problems.some((problem) => problem.file === folder)) {
      problems.push({ file: folder, line: 0, message: 'no knowledge files (*.md) found in this folder' });
    }
    for (const path of files) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        problems.push({ file: path, line: 0, message: `cannot be read: ${(error as Error).message}` });
        continue;
      }
      const parsed = parseKnowledgeFile(path, text);
      problems.push(...parsed.problems);
      if (parsed.entry) entries.push(parsed.entry);
      if (parsed.declared) broken.push(parsed.declared);
      if (parsed.quote) quotes.push(parsed.quote);
    }
  }
  const knowledge = assemble(entries, problems, broken);
  problems.push(...titleQuotes(knowledge.principles, quotes));
  if (problems.length > 0) throw new KnowledgeError(problems);
  return knowledge;
}

/** Cross-file checks: unique ids and numbers, and every reference resolves. Records problems; never throws. */
function assemble(
  entries: readonly KnowledgeEntry[],
  problems: KnowledgeProblem[],
  broken: readonly Declaration[] = [],
): Knowledge {
  checkUnique(entries, problems);
  const knowledge = gather(entries);
  addPassages(knowledge, entries, problems, broken);
  if (entries.length > 0 && knowledge.principles.length === 0) {
    problems.push({
      file: entries[0]?.file ?? '',
      line: 0,
      message: 'no principles: add at least one file with type: principle',
    });
  }
  knowledge.principles.sort((a, b) => a.number - b.number);
  return knowledge;
}

/** Every id used once, and every principle number. */
function checkUnique(entries: readonly KnowledgeEntry[], problems: KnowledgeProblem[]): void {
  const seenIds = new Map<string, string>();
  const seenNumbers = new Map<number, string>();
  for (const entry of entries) {
    const where = `${entry.file}:${entry.lineOf('id')}`;
    const earlier = seenIds.get(entry.value.id);
    if (earlier) problems.push(problem(entry, 'id', `duplicate id "${entry.value.id}": also used at ${earlier}`));
    else seenIds.set(entry.value.id, where);
    if (entry.type === 'principle') {
      const other = seenNumbers.get(entry.value.number);
      if (other)
        problems.push(
          problem(entry, 'number', `duplicate principle number ${entry.value.number}: also used by ${other}`),
        );
      else seenNumbers.set(entry.value.number, entry.value.id);
    }
  }
}

/** Everything but the passages, which need the principles and sources to be known first. */
function gather(entries: readonly KnowledgeEntry[]): Knowledge {
  const knowledge: Knowledge = {
    principles: [],
    sources: [],
    passages: [],
    synonyms: [],
    topic: { words: [], ambiguous: [] },
    outOfScope: [],
  };
  for (const entry of entries) {
    if (entry.type === 'principle') knowledge.principles.push(entry.value);
    else if (entry.type === 'source') knowledge.sources.push(entry.value);
    else if (entry.type === 'synonyms') knowledge.synonyms.push(...entry.value.groups);
    else if (entry.type === 'topic') {
      knowledge.topic.words.push(...entry.value.words);
      knowledge.topic.ambiguous.push(...entry.value.ambiguous);
    } else if (entry.type === 'out-of-scope') knowledge.outOfScope?.push(entry.value);
  }
  return knowledge;
}

/** The passages whose principle and source are known; a problem for each reference that is not. */
function addPassages(
  knowledge: Knowledge,
  entries: readonly KnowledgeEntry[],
  problems: KnowledgeProblem[],
  broken: readonly Declaration[],
): void {
  const principleIds = new Set(knowledge.principles.map((principle) => principle.id));
  const sourceIds = new Set(knowledge.sources.map((source) => source.id));
  // A reference to a file that is itself reported broken is not a second problem.
  const brokenIds = new Set(broken.map((declaration) => `${declaration.type}:${declaration.id}`));
  for (const entry of entries) {
    if (entry.type !== 'passage') continue;
    const passage = entry.value;
    const principleKnown = principleIds.has(passage.principleId);
    const sourceKnown = sourceIds.has(passage.sourceId);
    if (!principleKnown && !brokenIds.has(`principle:${passage.principleId}`)) {
      const known = [...principleIds].join(', ') || 'none';
      problems.push(problem(entry, 'principle', `unknown principle "${passage.principleId}" (known: ${known})`));
    }
    if (!sourceKnown && !brokenIds.has(`source:${passage.sourceId}`)) {
      const message = `unknown source "${passage.sourceId}": add a file with type: source and this id`;
      problems.push(problem(entry, 'source', message));
    }
    if (principleKnown && sourceKnown) knowledge.passages.push(passage);
  }
}

/** The principle heads every answer, so a quote of its title alone tells the reader nothing more. */
function titleQuotes(principles: readonly Principle[], quotes: readonly PassageQuote[]): KnowledgeProblem[] {
  const titles = new Map(principles.map((principle) => [comparableText(principle.title), principle]));
  return quotes.flatMap(({ file, line, text }) => {
    const titled = titles.get(comparableText(text));
    if (!titled) return [];
    const message = `the quote is only the title of principle ${titled.number} (${titled.id}), which already heads every answer: quote the guidance that explains it, or delete this passage and move its questions to the passage that answers them`;
    return [{ file, line, message }];
  });
}

function problem(entry: KnowledgeEntry, key: string, message: string): KnowledgeProblem {
  return { file: entry.file, line: entry.lineOf(key), message };
}

function listKnowledgeFiles(folder: string, problems: KnowledgeProblem[]): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'knowledge folder does not exist'
        : `cannot read knowledge folder: ${(error as Error).message}`;
    problems.push({ file: folder, line: 0, message });
    return [];
  }
  const files: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...listKnowledgeFiles(path, problems));
    else if (name.endsWith('.md') && name.toLowerCase() !== 'readme.md') files.push(path);
  }
  return files;
}
