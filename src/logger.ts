/**
 * Where the core and the adapters write what happened: one message a call, no platform in it. The
 * adapters' implementation (adapters/log.ts) makes each call one line, with tokens and secrets redacted.
 * Messages carry ids, codes and counts, never a question or a token.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
