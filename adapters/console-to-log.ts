import { AuthenticationError } from 'botframework-connector';
import type { AppLogger } from './log.js';

// botbuilder has no logger of its own: it writes to the console. For every request it refuses, its
// CloudAdapter prints the error with its whole stack, and its token check first prints the public key
// it tried or jsonwebtoken's error, stack and all: a dozen lines per request anyone can send, at error
// level. In the server every console call goes through the process's one log instead (adapters/log.ts),
// one line each, redacted (the log writes an Error as its name and message, never its stack).

/** jsonwebtoken's error that botbuilder prints before refusing the request as expired. */
const EXPIRED = 'TokenExpiredError';
/** botbuilder's line before a token with a bad signature is refused; it goes on with the key's PEM. */
const KEY_DUMP = 'Error finding key for token.';

/** Sends console.error, warn, info, log and debug to `log`. For the server process only. */
export function routeConsoleTo(log: AppLogger): void {
  const route =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      const [first] = parts;
      if (first instanceof AuthenticationError) {
        // The request was answered 401; this is its one line.
        log.warn(`Teams: refused a request (401): ${first.message.split('\n')[0]}`);
      } else if (first instanceof Error && first.name === EXPIRED) {
        log.debug(`Teams: token check: ${first.name}: ${first.message}`);
      } else if (typeof first === 'string' && first.startsWith(KEY_DUMP)) {
        log.debug(`Teams: token check: ${KEY_DUMP}`);
      } else {
        log[level](...parts);
      }
    };
  console.error = route('error');
  console.warn = route('warn');
  console.info = route('info');
  console.log = route('info');
  console.debug = route('debug');
}
