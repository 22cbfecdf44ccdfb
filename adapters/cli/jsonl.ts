import { createInterface } from 'node:readline';
import type { Core } from '../../src/index.js';

/**
 * The batch interface: one `{"id", "question", "context"}` object a line in, one answer object a line
 * out (with the same id), nothing else on stdout. A line that cannot be read still gets a line out,
 * carrying `error`, so that no input goes unanswered; the exit code is then 1.
 */
export async function answerJsonLines(
  core: Core,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream,
): Promise<number> {
  let bad = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (!line.trim()) continue;
    const request = readRequest(line);
    if ('error' in request) {
      bad++;
      errors.write(`ask --jsonl: line ${lineNumber}: ${request.error}\n`);
      output.write(`${JSON.stringify({ id: request.id, answered: false, error: request.error })}\n`);
      continue;
    }
    const { id, question, context } = request;
    const answer = core.answer({ question, ...(context ? { context } : {}) });
    output.write(`${JSON.stringify({ id, ...answer })}\n`);
  }
  return bad > 0 ? 1 : 0;
}

type Request = { id: unknown; question: string; context?: string } | { id: unknown; error: string };

function readRequest(line: string): Request {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: null, error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: null, error: 'expected a JSON object such as {"id": "1", "question": "…"}' };
  }
  const record = value as Record<string, unknown>;
  const id = record.id ?? null;
  if (typeof record.question !== 'string') return { id, error: '"question" must be a string' };
  if (record.context !== undefined && record.context !== null && typeof record.context !== 'string') {
    return { id, error: '"context" must be a string when given' };
  }
  return { id, question: record.question, ...(typeof record.context === 'string' ? { context: record.context } : {}) };
}
