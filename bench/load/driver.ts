import { Agent, request as httpRequest } from 'node:http';
import { signature } from '../../test/slack/support/signing.js';
import type { PlannedRequest } from './traffic.js';

// Sends the planned requests open-loop: each at its planned moment, whether or not earlier ones have been
// answered, so a slow server shows as latency rather than as fewer requests sent (no coordinated omission).
// Latencies are measured from the planned moment, so a driver that falls behind makes them worse, not better.

export interface Sent {
  request: PlannedRequest;
  /** performance.now() when it was due. */
  due: number;
  /** performance.now() when fetch was called. */
  started: number;
  /** performance.now() when the whole response had arrived. */
  answered?: number;
  status?: number;
  /** Set when no HTTP response came (refused, reset, timed out). */
  error?: string;
}

export interface DriverOptions {
  slackUrl: string;
  teamsUrl: string;
  signingSecret: string;
  /** The Bot Framework token every Teams request carries (one token serves many requests, as in Teams). */
  teamsToken: string;
  /** A slash command's answer comes back in its acknowledgement: called with the question's reply key. */
  onAcknowledgementReply: (replyKey: string, at: number) => void;
}

/** Longer than any acknowledgement should take; Slack itself gives up after 3 s. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Connections are kept open and reused, as Slack's and Microsoft's senders do (node:http costs the driver
 * less than fetch). An idle one is closed after 4 s, before the server's 5 s keep-alive timeout could
 * close it under a request just being sent on it (that request would get no response).
 */
const agent = new Agent({ keepAlive: true, timeout: 4000 });

/** Sends every request on schedule; resolves when each has been answered or has failed. */
export async function drive(requests: readonly PlannedRequest[], options: DriverOptions): Promise<Sent[]> {
  const sent: Sent[] = [];
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < requests.length && start + (requests[next] as PlannedRequest).at <= now) {
        const request = requests[next++] as PlannedRequest;
        const record: Sent = { request, due: start + request.at, started: performance.now() };
        sent.push(record);
        inFlight.push(send(record, options));
      }
      if (next >= requests.length) return done();
      const wait = start + (requests[next] as PlannedRequest).at - performance.now();
      setTimeout(tick, Math.max(0, Math.floor(wait)));
    };
    tick();
  });
  await Promise.all(inFlight);
  return sent;
}

async function send(record: Sent, options: DriverOptions): Promise<void> {
  const { request } = record;
  try {
    const url = request.platform === 'slack' ? options.slackUrl : options.teamsUrl;
    const response = await post(
      url,
      { 'content-type': request.contentType, ...headers(request, options) },
      request.body,
    );
    record.answered = performance.now();
    record.status = response.status;
    if (request.question.kind === 'command' && response.status === 200 && carriesMessage(response.text)) {
      options.onAcknowledgementReply(request.question.replyKey, record.answered);
    }
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
}

/** POSTs `body`; resolves with the status and the whole response body. */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', agent, headers, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function headers(request: PlannedRequest, options: DriverOptions): Record<string, string> {
  if (request.platform === 'teams') return { authorization: `Bearer ${options.teamsToken}` };
  // Signed as it is sent, as Slack does, retries included.
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(options.signingSecret, timestamp, request.body),
    ...(request.retry
      ? { 'x-slack-retry-num': String(request.retry.num), 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
}

/** Whether an acknowledgement's body is a message (the answer to a slash command), not an empty ack. */
function carriesMessage(text: string): boolean {
  if (!text.trim()) return false;
  try {
    const body = JSON.parse(text) as { text?: unknown; blocks?: unknown };
    return typeof body.text === 'string' || Array.isArray(body.blocks);
  } catch {
    return false;
  }
}
