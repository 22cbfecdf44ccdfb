import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { KnowledgeProblem } from '../errors.js';

/** A file split into its YAML front matter and its Markdown body, with a way to locate fields. */
export interface FrontMatterFile {
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the body's first line. */
  bodyLine: number;
  /** 1-based line where `key` is written, or the opening `---` line when it is absent. */
  lineOf(key: string): number;
}

const FENCE = /^---\s*$/;

/** Splits and parses front matter. Pure: takes text, never reads files. */
export function readFrontMatter(
  file: string,
  text: string,
): { parsed?: FrontMatterFile; problems: KnowledgeProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      problems: [{ file, line: 1, message: 'no front matter: the file must start with a line of three dashes (---)' }],
    };
  }
  const close = lines.findIndex((line, index) => index > 0 && (FENCE.test(line) || line.trim() === '...'));
  if (close < 0) {
    return {
      problems: [
        { file, line: 1, message: 'front matter opened here is never closed: add a line of three dashes (---)' },
      ],
    };
  }

  const yamlText = lines.slice(1, close).join('\n');
  let data: unknown;
  try {
    // The core schema: plain YAML types only, so that `published: 2012-05-17` stays text, not a Date.
    data = load(yamlText, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // The YAML starts on the file's second line; js-yaml counts lines from 0.
    return {
      problems: [{ file, line: error.mark.line + 2, message: `front matter is not valid YAML: ${error.reason}` }],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problems: [{ file, line: 2, message: 'front matter must be a set of `key: value` fields' }] };
  }

  // Top-level keys start at the left margin, so a scan finds the line of each.
  const keyLines = new Map<string, number>();
  for (let index = 1; index < close; index++) {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[index] ?? '')?.[1];
    if (key && !keyLines.has(key)) keyLines.set(key, index + 1);
  }
  return {
    problems: [],
    parsed: {
      data: data as Record<string, unknown>,
      body: lines.slice(close + 1).join('\n'),
      bodyLine: close + 2,
      lineOf: (key) => keyLines.get(key) ?? 1,
    },
  };
}
