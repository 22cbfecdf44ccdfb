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
 * Reads the body, refusing it with 413 as soon as it is known to be over `limit` bytes: at once when
 * Content-Length says so, otherwise when the bytes received pass the limit. No more than `limit`
 * bytes are ever held, and the connection is closed so that the sender cannot go on sending.
 */
export function readBodyWithin(limit: number, budget?: BodyBudget): RequestHandler {
  return (request: ReadRequest, response, next) => {
    if (Number(request.headers['content-length']) > limit) {
      refuse(response, 413, 'Request body too large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // What this request holds of the budget is given back when its response is done, however it ends.
    let taken = 0;
    response.once('close', () => budget?.give(taken));
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        chunks.length = 0;
        refuse(response, 413, 'Request body too large');
        return;
      }
      if (budget) {
        if (!budget.take(chunk.length)) {
          stop();
          chunks.length = 0;
          refuse(response, 503, 'The server is busy; try again', { 'Retry-After': '1' });
          return;
        }
        taken += chunk.length;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      const body = Buffer.concat(chunks);
      request.rawBody = body;
      request.body = body;
      next();
    };
    // The sender went away before the end: there is no one to answer.
    const onError = () => {
      stop();
      request.socket.destroy();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
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
