/**
 * What the Teams adapter logs through. Bolt's logger (and console) fit it, so the composition root
 * can pass one logger to both adapters. Nothing logged here carries question text or secrets.
 */
export interface TeamsLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes to standard error with a `[teams]` prefix; debug lines only when `debug` is true. */
export function consoleLogger({ debug = false }: { debug?: boolean } = {}): TeamsLogger {
  const write = (level: string) => (message: string) => {
    process.stderr.write(`[teams] ${level} ${message}\n`);
  };
  return {
    debug: debug ? write('debug') : () => {},
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
