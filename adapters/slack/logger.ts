import { format } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';
import type { LogLevelName } from '../config.js';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * The logger Bolt, the Web API client and our listeners share: one line per entry on standard error.
 * Errors are printed as their name, code and message only (a Web API error carries Slack's whole
 * response). Our own code logs ids, codes and counts, never a question or a token; at debug level the
 * Slack SDKs themselves print request and event payloads, which include message text.
 */
export function createLogger(level: LogLevelName, write: (line: string) => void = defaultWrite): Logger {
  let current = level as LogLevel;
  let name = 'guidance-bot';
  const log =
    (at: LogLevel) =>
    (...parts: unknown[]) => {
      if (ORDER[at] < ORDER[current]) return;
      write(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${format(...parts.map(describe))}\n`);
    };
  return {
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next) => {
      name = next;
    },
  };
}

function describe(part: unknown): unknown {
  if (!(part instanceof Error)) return part;
  const code = (part as { code?: unknown }).code;
  return `${part.name}${typeof code === 'string' ? ` (${code})` : ''}: ${part.message}`;
}

function defaultWrite(line: string): void {
  process.stderr.write(line);
}
