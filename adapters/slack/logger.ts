import { format } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import type { LogLevelName } from '../config.js';
import { describeSlackError } from './post.js';

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
 * Every entry is one line: control characters are written as escapes (`\n` as the two characters
 * backslash and n), so that nothing logged, whoever wrote it, can start a line that looks like an entry.
 */
export function createLogger(level: LogLevelName, write: (line: string) => void = defaultWrite): Logger {
  let current = level as LogLevel;
  let name = 'guidance-bot';
  const log =
    (at: LogLevel) =>
    (...parts: unknown[]) => {
      if (ORDER[at] < ORDER[current]) return;
      write(
        `${new Date().toISOString()} ${at.toUpperCase()} [${oneLine(name)}] ${oneLine(format(...parts.map(describe)))}\n`,
      );
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
  // A Web API error's message holds Slack's answer, which is whatever came back when it is not JSON.
  if (code === ErrorCode.PlatformError) return `${part.name} (${code}): ${describeSlackError(part)}`;
  return `${part.name}${typeof code === 'string' ? ` (${code})` : ''}: ${part.message}`;
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators some viewers break lines at. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function oneLine(text: string): string {
  return text.replace(
    CONTROL,
    (character) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function defaultWrite(line: string): void {
  process.stderr.write(line);
}
