/**
 * A setting that is missing or malformed. The message names the variable and where to find its value,
 * and is meant to be shown as it is (no stack): start-up prints it and exits 1.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
