/**
 * A log entry as adapters/log.ts writes it: one JSON line (pino's), with the level, the ISO time, the
 * logger's name and the message, in that order. (Before pino: `2026-… WARN [name] message`.)
 */
export const ENTRY =
  /^\{"level":"(debug|info|warn|error)","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","name":"[^"\n]*","msg":"[^\n]*"\}\n?$/;

export interface Entry {
  level: 'debug' | 'info' | 'warn' | 'error';
  time: string;
  name: string;
  msg: string;
}

/** The entry a line holds; throws if the line is not one entry. */
export function parseEntry(line: string): Entry {
  if (!ENTRY.test(line)) throw new Error(`not a log entry: ${JSON.stringify(line)}`);
  return JSON.parse(line) as Entry;
}
