import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from './fixtures.js';

/** One request the app made to the stand-in. */
export interface RecordedCall {
  /** A Web API method (chat.postMessage) or, for response_url posts, "response_url". */
  method: string;
  /** Form fields (JSON-valued ones parsed) or the JSON body. */
  body: Json;
  /** The HTTP status the stand-in answered with. */
  status: number;
  /** For response_url posts: the path (/response/<id>). */
  path: string;
  /** Slack's error, when the stand-in answered ok: false. */
  error?: string;
  authorization?: string;
  /** True when the caller had hung up (exited, timed out) before the answer could be sent. */
  abandoned?: boolean;
  /** True once the stand-in has sent its answer (at once, or after `delayMs`). */
  answered?: boolean;
}

/** How the stand-in answers the next call of a method. */
export type Failure =
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'server-error' }
  | { kind: 'drop-connection' }
  | { kind: 'slack-error'; error: string }
  /** Takes the request and never answers: a process that dies now leaves Slack with the post or without. */
  | { kind: 'stall' }
  /**
   * Acts on the call as Slack would (the message is posted), then answers 200 with `body` instead of
   * its JSON: garbage, JSON cut short, a proxy's HTML page.
   */
  | { kind: 'unreadable'; body: string; contentType: string };

export const BOT_USER_ID = 'UBOTSTANDIN';
export const BOT_ID = 'BBOTSTANDIN';

/**
 * A local stand-in for Slack's side of the wire: the Web API at /api/<method> (pass `apiUrl` as
 * SLACK_API_URL) and response_url endpoints at /response/<id>. It records every call and answers as
 * Slack would, or with a failure queued with failNext().
 */
export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure[]>();
  /** Failures for the nth call of a method (1-based, counted since the last reset). */
  private readonly failuresAt = new Map<string, Map<number, Failure>>();
  private readonly waiters: Array<{ method: string; count: number; resolve: () => void }> = [];
  /** Pinned message timestamps per channel, as pins.add and pins.remove leave them. */
  readonly pins = new Map<string, Set<string>>();
  private server: Server | undefined;
  private nextTs = 1;
  /** What apps.connections.open returns (Socket Mode tests set it). */
  socketUrl: string | undefined;
  baseUrl = '';
  /** How long every call waits before it is answered: a slow Slack. */
  delayMs = 0;
  private delayed = 0;

  /** Resolves once no call is waiting out `delayMs`. */
  async settled(): Promise<void> {
    while (this.delayed > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Called as each call arrives, before it is answered (the load benchmark times replies with it). */
  onCall: ((call: RecordedCall) => void) | undefined;

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url on the stand-in. */
  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** The `n`th call of `method` from now on (1-based, counting calls since the last reset) fails. */
  failCall(method: string, n: number, failure: Failure): void {
    const queued = this.failuresAt.get(method) ?? new Map<number, Failure>();
    queued.set(n, failure);
    this.failuresAt.set(method, queued);
  }

  /** Resolves once `count` calls of `method` have arrived (answered or not). */
  waitForCalls(method: string, count: number): Promise<void> {
    if (this.callsTo(method).length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ method, count, resolve }));
  }

  /** What is pinned in a channel now. */
  pinnedIn(channel: string): string[] {
    return [...(this.pins.get(channel) ?? [])];
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.failuresAt.clear();
    this.pins.clear();
  }

  /** Calls of one method (or response_url posts). */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls that Slack would have acted on (answered 200 and ok). */
  succeeded(method: string): RecordedCall[] {
    return this.callsTo(method).filter((call) => call.status === 200 && !call.error);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    const isResponseUrl = path.startsWith('/response/');
    const method = isResponseUrl ? 'response_url' : path.replace(/^\/api\//, '');
    const body = parseBody(raw, request.headers['content-type'] ?? '');
    const nth = this.callsTo(method).length + 1;
    const failure = this.failuresAt.get(method)?.get(nth) ?? this.failures.get(method)?.shift();
    const call: RecordedCall = {
      method,
      body,
      path,
      status: 200,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    };
    this.calls.push(call);
    this.onCall?.(call);
    for (const waiter of this.waiters.filter((w) => w.method === method && this.callsTo(method).length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (this.delayMs > 0) {
      this.delayed++;
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (request.socket.destroyed) call.abandoned = true;
      this.delayed--;
    }
    call.answered = true;

    if (failure?.kind === 'stall') return;
    if (failure?.kind === 'drop-connection') {
      call.status = 0;
      request.socket.destroy();
      return;
    }
    if (failure?.kind === 'rate-limited') {
      call.status = 429;
      response.writeHead(429, { 'Retry-After': String(failure.retryAfter), 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (failure?.kind === 'server-error') {
      call.status = 500;
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end('internal error');
      return;
    }
    if (failure?.kind === 'slack-error') {
      call.error = failure.error;
      return json(response, { ok: false, error: failure.error });
    }
    if (isResponseUrl) return json(response, { ok: true });
    const answer = this.answer(method, body);
    if (failure?.kind === 'unreadable') {
      response.writeHead(200, { 'Content-Type': failure.contentType });
      response.end(failure.body);
      return;
    }
    if (answer.ok === false) call.error = String(answer.error);
    return json(response, answer);
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Test',
          user: 'guidance-bot',
          team_id: 'T111',
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
        };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: body.channel,
          ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}`,
          message: {},
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` };
      case 'conversations.open':
        return { ok: true, channel: { id: 'DOPENED0001' } };
      case 'pins.add': {
        const pinned = this.pins.get(String(body.channel)) ?? new Set<string>();
        this.pins.set(String(body.channel), pinned);
        if (pinned.has(String(body.timestamp))) return { ok: false, error: 'already_pinned' };
        pinned.add(String(body.timestamp));
        return { ok: true };
      }
      case 'pins.remove':
        return this.pins.get(String(body.channel))?.delete(String(body.timestamp))
          ? { ok: true }
          : { ok: false, error: 'no_pin' };
      case 'views.publish':
        return { ok: true, view: { id: 'VHOME' } };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      default:
        return { ok: true };
    }
  }
}

function json(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(value));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    fields[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return fields;
}
