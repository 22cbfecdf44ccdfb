// How long calls to Slack may take. Slack answers in well under a second; without a limit a call that
// is never answered (a hung proxy, a dropped route) would hold its listener, and SIGTERM, forever.
// Every limit, retries included, ends before main.ts's shutdown grace (10 s), so that a stop with a
// call in flight still exits 0 once the call is given up.

/** One posting call (chat.postMessage, chat.postEphemeral: post.ts, never retried but for 429s). */
export const POST_TIMEOUT_MS = 5_000;

/** One attempt of any other Web API call (views.publish, conversations.open, auth.test). */
export const CALL_TIMEOUT_MS = 4_000;

/**
 * The Web API client's retries for everything but posting. A failure that comes quickly (a 5xx, a
 * refused connection) is tried again within the first 3 s; one that took a whole CALL_TIMEOUT_MS is
 * not, so a call that hangs is given up after about 4 s, and any call after at most about 7 s.
 */
export const CALL_RETRIES = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 2000, maxRetryTime: 3000 };

/** A reply through a response_url (Bolt's respond(): buttons, shares). */
export const RESPOND_TIMEOUT_MS = 5_000;

/**
 * `fetch`, given up after `ms` when the caller set no limit of its own: Bolt's respond(), which posts to
 * the response_url with the client's fetch and no signal. The Web API client passes its own (`timeout`).
 */
export function fetchWithin(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}
