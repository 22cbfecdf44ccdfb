import type { KnowledgeProblem } from '../errors.js';
import type { OutOfScope, Passage, Principle, Source, SynonymGroup, Topic } from '../types.js';
import { type FrontMatterFile, readFrontMatter } from './front-matter.js';
import { startsMidSentence as isMidSentence, quoteProblems } from './quote.js';

/** One parsed knowledge file, with where it came from so that cross-file checks can point at it. */
export type KnowledgeEntry =
  | { type: 'principle'; file: string; lineOf: (key: string) => number; value: Principle }
  | { type: 'source'; file: string; lineOf: (key: string) => number; value: Source }
  | { type: 'passage'; file: string; lineOf: (key: string) => number; value: Passage }
  | { type: 'synonyms'; file: string; lineOf: (key: string) => number; value: { id: string; groups: SynonymGroup[] } }
  | { type: 'topic'; file: string; lineOf: (key: string) => number; value: { id: string } & Topic }
  | { type: 'out-of-scope'; file: string; lineOf: (key: string) => number; value: OutOfScope };

const FIELDS = {
  principle: ['type', 'id', 'number', 'title', 'summary', 'keywords'],
  source: ['type', 'id', 'title', 'publisher', 'published', 'url', 'licence', 'weight'],
  passage: [
    'type',
    'id',
    'principle',
    'source',
    'section',
    'url',
    'published',
    'lead-in',
    'starts-mid-sentence',
    'keywords',
    'questions',
  ],
  synonyms: ['type', 'id', 'groups'],
  topic: ['type', 'id', 'words', 'ambiguous'],
  'out-of-scope': ['type', 'id', 'questions'],
} as const;

type EntryType = keyof typeof FIELDS;
const TYPES = Object.keys(FIELDS) as EntryType[];
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Parses one knowledge file's text. Pure: `file` is used only to name the file in problems. */
/**
 * The type and id a broken file meant to declare, when they can be read: the loader then does not
 * also report every passage that refers to it as pointing at nothing.
 */
export interface Declaration {
  type: string;
  id: string;
}

/** A passage file's quote and the line it starts on. */
export interface PassageQuote {
  file: string;
  line: number;
  text: string;
}

export function parseKnowledgeFile(
  file: string,
  text: string,
): { entry?: KnowledgeEntry; declared?: Declaration; quote?: PassageQuote; problems: KnowledgeProblem[] } {
  const { parsed, problems } = readFrontMatter(file, text);
  if (!parsed) return { problems };

  const fields = new FieldReader(file, parsed);
  const type = parsed.data.type;
  if (typeof type !== 'string' || !TYPES.includes(type as EntryType)) {
    fields.problem(
      'type',
      `\`type\` must be one of ${TYPES.join(', ')}${type === undefined ? '' : `, not ${JSON.stringify(type)}`}`,
    );
    return { problems: fields.problems };
  }
  const entryType = type as EntryType;
  for (const key of Object.keys(parsed.data)) {
    if (!(FIELDS[entryType] as readonly string[]).includes(key)) {
      fields.problem(key, `unknown field \`${key}\` for a ${entryType} (known: ${FIELDS[entryType].join(', ')})`);
    }
  }
  const entry = readEntry(entryType, fields, parsed);
  // A passage's quote is checked against the principles' titles even when the file has other problems.
  const quote =
    entryType === 'passage'
      ? { file, line: quoteLines(parsed.body, parsed.bodyLine).start, text: quoteFromBody(parsed.body) }
      : undefined;
  if (fields.problems.length === 0) return { entry, ...(quote ? { quote } : {}), problems: [] };
  const id = parsed.data.id;
  return {
    problems: fields.problems,
    ...(typeof id === 'string' ? { declared: { type: entryType, id } } : {}),
    ...(quote?.text ? { quote } : {}),
  };
}

function readEntry(type: EntryType, fields: FieldReader, parsed: FrontMatterFile): KnowledgeEntry {
  const base = { file: fields.file, lineOf: parsed.lineOf };
  const id = fields.id('id');
  switch (type) {
    case 'principle':
      return {
        ...base,
        type,
        value: {
          id,
          number: fields.positiveInteger('number'),
          title: fields.text('title'),
          summary: fields.text('summary'),
          keywords: fields.list('keywords'),
        },
      };
    case 'source':
      return {
        ...base,
        type,
        value: {
          id,
          title: fields.text('title'),
          publisher: fields.text('publisher', ''),
          published: fields.text('published'),
          url: fields.url('url'),
          licence: fields.text('licence'),
          weight: fields.weight('weight'),
        },
      };
    case 'passage':
      return { ...base, type, value: readPassage(id, fields, parsed) };
    case 'synonyms':
      return { ...base, type, value: { id, groups: fields.groups('groups') } };
    case 'topic': {
      const words = fields.list('words').map((word) => word.toLowerCase());
      const ambiguous = fields.list('ambiguous').map((word) => word.toLowerCase());
      if (words.length === 0) fields.problem('words', '`words` must list at least one word');
      return { ...base, type, value: { id, words, ambiguous } };
    }
    case 'out-of-scope': {
      const questions = fields.list('questions');
      if (questions.length === 0) fields.problem('questions', '`questions` must list at least one question');
      return { ...base, type, value: { id, questions } };
    }
  }
}

/** A passage: its quote (checked where it starts and ends) and its fields. */
function readPassage(id: string, fields: FieldReader, parsed: FrontMatterFile): Passage {
  const text = quoteFromBody(parsed.body);
  if (!text)
    fields.problems.push({
      file: fields.file,
      line: parsed.bodyLine,
      message: 'the passage has no quote: write the verbatim text below the front matter',
    });
  const url = parsed.data.url === undefined ? undefined : fields.url('url');
  const published = parsed.data.published === undefined ? undefined : fields.text('published');
  const leadIn = parsed.data['lead-in'] === undefined ? undefined : fields.text('lead-in');
  if (leadIn && isMidSentence(leadIn))
    fields.problem('lead-in', '`lead-in` starts mid-sentence: begin it where the sentence begins');
  const lines = quoteLines(parsed.body, parsed.bodyLine);
  const startsMidSentence = fields.flag('starts-mid-sentence');
  for (const problem of quoteProblems(text, { leadIn, startsMidSentence })) {
    fields.problems.push({ file: fields.file, line: lines[problem.at], message: problem.message });
  }
  return {
    id,
    principleId: fields.id('principle'),
    sourceId: fields.id('source'),
    section: fields.text('section'),
    ...(url ? { url } : {}),
    ...(published ? { published } : {}),
    text,
    ...(leadIn ? { leadIn } : {}),
    ...(startsMidSentence ? { startsMidSentence } : {}),
    keywords: fields.list('keywords'),
    questions: fields.list('questions'),
  };
}

/** The 1-based lines in the file where the quote's text starts and ends (blank lines skipped). */
function quoteLines(body: string, bodyLine: number): { start: number; end: number } {
  const lines = body.split(/\r?\n/);
  const written = lines.flatMap((line, index) => (line.trim() ? [index] : []));
  return { start: bodyLine + (written[0] ?? 0), end: bodyLine + (written.at(-1) ?? 0) };
}

/** Paragraphs are kept; line breaks inside a paragraph are the editor's, not the publisher's. */
export function quoteFromBody(body: string): string {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** Reads typed fields from front matter, recording a located problem for each one that is wrong. */
class FieldReader {
  readonly problems: KnowledgeProblem[] = [];

  constructor(
    readonly file: string,
    private readonly parsed: FrontMatterFile,
  ) {}

  problem(key: string, message: string): void {
    this.problems.push({ file: this.file, line: this.parsed.lineOf(key), message });
  }

  private value(key: string): unknown {
    return this.parsed.data[key];
  }

  text(key: string, fallback?: string): string {
    const value = this.value(key);
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem(key, `missing \`${key}\``);
      return fallback ?? '';
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.problem(key, `\`${key}\` must be text`);
      return '';
    }
    const text = String(value).trim();
    if (!text && fallback === undefined) this.problem(key, `\`${key}\` is empty`);
    return text;
  }

  id(key: string): string {
    const text = this.text(key);
    if (text && !ID.test(text)) {
      this.problem(
        key,
        `\`${key}\` must be lower-case letters, digits and dashes (like places-citizens-are), not ${JSON.stringify(text)}`,
      );
    }
    return text;
  }

  positiveInteger(key: string): number {
    const value = this.value(key);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      this.problem(key, value === undefined ? `missing \`${key}\`` : `\`${key}\` must be a whole number from 1 up`);
      return 0;
    }
    return value;
  }

  /** An optional yes/no field: absent is false. */
  flag(key: string): boolean {
    const value = this.value(key);
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') {
      this.problem(key, `\`${key}\` must be true or false`);
      return false;
    }
    return value;
  }

  weight(key: string): number {
    const value = this.value(key);
    if (value === undefined) return 1;
    if (typeof value !== 'number' || !(value > 0 && value <= 2)) {
      this.problem(key, `\`${key}\` must be a number above 0 and at most 2 (1 is the guidance itself)`);
      return 1;
    }
    return value;
  }

  url(key: string): string {
    const text = this.text(key);
    if (text && !/^https?:\/\/\S+$/.test(text))
      this.problem(key, `\`${key}\` must be a web address starting http:// or https://`);
    return text;
  }

  list(key: string): string[] {
    const value = this.value(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      this.problem(key, `\`${key}\` must be a list of text items`);
      return [];
    }
    return value.map((item) => String(item).trim()).filter(Boolean);
  }

  groups(key: string): SynonymGroup[] {
    const value = this.value(key);
    const isGroup = (group: unknown) =>
      Array.isArray(group) && group.length >= 2 && group.every((word) => typeof word === 'string' && word.trim());
    if (!Array.isArray(value) || value.length === 0 || !value.every(isGroup)) {
      this.problem(
        key,
        `\`${key}\` must be a list of groups, each a list of two or more words: [reply, respond, answer]`,
      );
      return [];
    }
    return (value as string[][]).map((group) => group.map((word) => word.trim().toLowerCase()));
  }
}
