import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response as BotResponse } from 'botbuilder';
import { isObject } from '../is-object.js';
import { BodyRefused, MAX_BODY_BYTES, readBody } from '../request-body.js';

// Between Node's http request and response (which express extends) and what CloudAdapter reads and
// writes.

/** A request as Node's http server or express gives it; `body` is used if a parser already read it. */
export type TeamsRequest = IncomingMessage & { body?: unknown };

export function isActivity(body: unknown): boolean {
  return isObject(body) && typeof body.type === 'string';
}

/** The body as JSON: as a parser already read it, or read here (readBody, within the Teams limit). */
export async function readJsonBody(req: TeamsRequest): Promise<unknown> {
  // express.json() may have parsed it already (an array, too, which is then refused as no activity).
  if (Array.isArray(req.body) || (isObject(req.body) && !Buffer.isBuffer(req.body))) return req.body;
  let bytes: Buffer;
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') {
    bytes = Buffer.from(req.body);
    if (bytes.length > MAX_BODY_BYTES.teams) throw new BodyRefused(413, 'Request body too large');
  } else {
    bytes = await readBody(req, MAX_BODY_BYTES.teams);
  }
  const text = bytes.toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

/** The small response interface CloudAdapter writes to, over Node's own (which express extends). */
export function nodeResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: unknown) {
      status = Number(code);
    },
    header(name: unknown, value: unknown) {
      res.setHeader(String(name), value as string);
    },
    send(value: unknown) {
      body = value;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined) {
        res.writeHead(status);
        res.end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      }
    },
  };
}
