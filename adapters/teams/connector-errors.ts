// How to read a failure from the Bot Framework connector (botframework-connector throws a RestError
// with statusCode and the response). Shared by replies and the weekly post.

/**
 * - retry: not delivered, try again after a pause (429 throttled, 412 a conflicting update, 502-504);
 * - gone: the conversation no longer takes the bot's messages (403 removed or blocked, 404 deleted);
 * - refused: this message will never be accepted (413 too large, 400);
 * - unknown: it may have been delivered: a 500 (Teams may fail after posting), a lost connection, the rest.
 */
export type ConnectorFailure = 'retry' | 'gone' | 'refused' | 'unknown';

export interface ConnectorError {
  failure: ConnectorFailure;
  status?: number;
  /** From a Retry-After header, when the connector sent one. */
  retryAfterMs?: number;
}

const RETRY = new Set([412, 429, 502, 503, 504]);
const GONE = new Set([403, 404]);

/** Connection failures that mean the request never left: nothing can have been delivered. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function readConnectorError(error: unknown): ConnectorError {
  const status = statusOf(error);
  if (status === undefined) {
    // The bot's token could not be had (MSAL's errors carry errorCode), or the connector could not be
    // reached: nothing was sent, so it is safe to try again. Anything else (a reset, a timeout) may
    // have been delivered.
    const { code, errorCode } = (error ?? {}) as { code?: unknown; errorCode?: unknown };
    const unsent = typeof errorCode === 'string' || (typeof code === 'string' && NOT_CONNECTED.has(code));
    return { failure: unsent ? 'retry' : 'unknown' };
  }
  const retryAfterMs = retryAfterOf(error);
  const failure: ConnectorFailure = RETRY.has(status)
    ? 'retry'
    : GONE.has(status)
      ? 'gone'
      : status >= 400 && status < 500
        ? 'refused'
        : 'unknown';
  return { failure, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } } | null)
    ?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
