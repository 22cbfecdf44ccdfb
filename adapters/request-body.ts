import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';

// Guards for the chat platforms' POST routes, run before either SDK sees the request.

/** A request whose body has been read: Bolt's ExpressReceiver uses `rawBody`, the Teams endpoint `body`. */
type ReadRequest = Request & { rawBody?: Buffer };

/** 415 for any content type but `types` (parameters such as `charset` aside), and for none. */
export function acceptOnly(types: readonly string[]): RequestHandler {
  return (request, response, next) => {
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && types.includes(type)) {
      next();
      return;
    }
    refuse(response, 415, 'Unsupported content type');
  };
}

/**
 * The bytes of request bodies held in memory at once, across every request being read or answered.
 * Each body is also limited on its own; this bounds what many of them together can hold, whatever the
 * number of connections (a few hundred slow senders once took hundreds of MB).
 */
export class BodyBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get held(): number {
    return this.used;
  }

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}

/**
 * The largest body each platform's route reads. Slack's payloads are a few kilobytes, a message
 * shortcut's (which carries the message) at most a few hundred: 1 MB is far beyond any real one. Bot
 * Framework activities are a few KB, the largest we receive (a card's submitted form) under 28 KB.
 */
export const MAX_BODY_BYTES = { slack: 1024 * 1024, teams: 128 * 1024 } as const;

/** Why a body was not read: the answer to send, or none when the sender went away. */
export class BodyRefused extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Reads a request's body, the one reader of both routes: refused (BodyRefused) as soon as it is known
 * to be over `limit` bytes, at once when Content-Length says so, otherwise when the bytes received pass
 * the limit; or when `budget` has no room for it. No more than `limit` bytes are ever held, and reading
 * stops there (the request is paused). What it holds of the budget is given back when `response` closes.
 */
export function readBody(
  request: IncomingMessage,
  limit: number,
  { budget, response }: { budget?: BodyBudget; response?: ServerResponse } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > limit) {
      reject(new BodyRefused(413, 'Request body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let taken = 0;
    response?.once('close', () => budget?.give(taken));
    const stop = (outcome: BodyRefused | Buffer) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.pause();
      chunks.length = 0;
      if (outcome instanceof BodyRefused) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += bytes.length;
      if (size > limit) return stop(new BodyRefused(413, 'Request body too large'));
      if (budget) {
        if (!budget.take(bytes.length)) {
          return stop(new BodyRefused(503, 'The server is busy; try again', { 'Retry-After': '1' }));
        }
        taken += bytes.length;
      }
      chunks.push(bytes);
    };
    const onEnd = () => stop(Buffer.concat(chunks));
    // The sender went away before the end: there is no one to answer.
    const onError = () => stop(new BodyRefused(undefined, 'The sender went away'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** Middleware: reads the body (readBody) into `rawBody` and `body`, or refuses the request. */
export function readBodyWithin(limit: number, budget?: BodyBudget): RequestHandler {
  return (request: ReadRequest, response, next) => {
    readBody(request, limit, { ...(budget ? { budget } : {}), response }).then(
      (body) => {
        request.rawBody = body;
        request.body = body;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof BodyRefused)) return next(error);
        if (error.status === undefined) request.socket.destroy();
        else refuse(response, error.status, error.message, error.headers);
      },
    );
  };
}

export function refuse(
  response: Response,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  // Closing the connection after the answer, rather than reading the rest of a body we will not use.
  response.set({ ...headers, Connection: 'close' });
  response.status(status).type('text/plain').send(message);
}
