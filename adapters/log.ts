import { format } from 'node:util';
import type { LogLevel, Logger as SdkLogger } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import { pino } from 'pino';
import type { LogLevelName } from './config.js';
import { describeSlackError } from './slack/post.js';

/**
 * The one log of the process, for our code (the core's Logger), Bolt and the Slack Web API client
 * (their Logger: any arguments, getLevel/setLevel/setName), and botbuilder's console output
 * (console-to-log.ts). Each entry is one JSON line on standard error, written by pino:
 *   {"level":"warn","time":"2026-03-02T09:00:00.000Z","name":"guidance-bot","msg":"…"}
 * Before pino sees a message: an Error is written as its name, code and message only (a Web API error
 * carries Slack's whole response; a stack is a dozen lines); tokens and secrets are redacted; control
 * characters are written as escapes (a newline as the two characters backslash and n), so that nothing
 * logged, whoever wrote it, can start a line of its own or move a terminal's cursor. At debug level the
 * Slack SDKs print request and event payloads, which include message text.
 */
export type AppLogger = SdkLogger;

export interface LogOptions {
  /** Values that must never be written (the tokens and secrets configured), replaced wherever they appear. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Where each entry goes, as one line ending in a newline. Default: standard error. */
  write?: (line: string) => void;
}

export function createLogger(level: LogLevelName, options: LogOptions = {}): AppLogger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const output = pino(
    {
      level,
      // No pid or hostname: the service manager adds what it knows.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write },
  );
  const clean = cleaner(options.secrets ?? []);
  let name = 'guidance-bot';
  const log =
    (at: LogLevelName) =>
    (...parts: unknown[]) => {
      if (!output.isLevelEnabled(at)) return;
      output[at]({ name: clean(name) }, clean(format(...parts.map(loggable))));
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (next) => {
      output.level = next;
    },
    getLevel: () => output.level as LogLevel,
    setName: (next) => {
      name = next;
    },
  };
}

/**
 * One of the parts a logging call was given: an Error as its name, code and message (no stack),
 * anything else as it is.
 */
function loggable(part: unknown): unknown {
  if (!(part instanceof Error)) return part;
  const code = (part as { code?: unknown }).code;
  // A Web API error's message holds Slack's answer, which is whatever came back when it is not JSON.
  if (code === ErrorCode.PlatformError) return `${part.name} (${code}): ${describeSlackError(part)}`;
  return `${part.name}${typeof code === 'string' ? ` (${code})` : ''}: ${part.message}`;
}

/**
 * Tokens recognisable by their shape, whoever logs them: Slack's (xoxb-, xoxp-, xapp- …), any Bearer
 * token, a JWT (Bot Framework's), and secrets in a form-encoded token request (client_secret=…).
 */
const TOKEN_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, '[redacted token]'],
  [/\bBearer\s+[^\s"',]+/gi, '[redacted token]'],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[redacted token]'],
  [/\b(client_secret|client_assertion|password)=[^&\s"']+/gi, '$1=[redacted]'],
];
/** A configured value shorter than this is not looked for: it would redact ordinary words. */
const SHORTEST_SECRET = 8;

function cleaner(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const known = secrets.filter((secret): secret is string => (secret?.length ?? 0) >= SHORTEST_SECRET);
  return (text) => {
    let clean = text;
    for (const secret of known) clean = clean.split(secret).join('[redacted secret]');
    for (const [shape, replacement] of TOKEN_SHAPES) clean = clean.replace(shape, replacement);
    return oneLine(clean);
  };
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
