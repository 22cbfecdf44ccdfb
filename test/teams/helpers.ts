import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { RateLimiter } from '../../adapters/rate-limit.js';
import type { AdaptiveCard } from '../../adapters/teams/cards.js';
import type { TeamsConfig } from '../../adapters/teams/config.js';
import { createTeamsEndpoint, type TeamsEndpoint, type TeamsEndpointOptions } from '../../adapters/teams/endpoint.js';
import { type ConversationStore, type Core, createCore, type FeedbackStore, type Logger } from '../../src/index.js';
import { openTempStore, projectRoot } from '../helpers.js';

/** Local development settings: no app id, no token checks. */
export const ANONYMOUS: TeamsConfig = { anonymous: true, allowedTenants: [] };

let core: Core | undefined;
/** The core over the bundled knowledge, built once per test file. */
export function sharedCore(): Core {
  core ??= createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
  return core;
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

let deliveries = 0;

/**
 * A fresh copy of a fixture from test/fixtures/teams/ (see its README for sources), with an activity id
 * of its own: the bot answers each activity id once, as Teams delivers each once.
 */
export function fixture(name: string): Activity & Record<string, unknown> {
  const activity = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'teams', `${name}.json`), 'utf8'));
  if (typeof activity.id === 'string') activity.id = `${activity.id}.${process.pid}.${++deliveries}`;
  return activity;
}

export interface RecordedCall {
  method: string;
  /** The raw request path, as it arrived (ids still URL-encoded). */
  path: string;
  conversationId: string;
  /** Set for replies (POST …/activities/{replyToId}) and updates. */
  activityId?: string;
  headers: IncomingHttpHeaders;
  body: Partial<Activity>;
}

export type Failure =
  | { status: number; headers?: Record<string, string> }
  /** Takes the request and never answers. */
  | { hang: true };

/**
 * A stand-in for the Bot Framework connector (the activity's serviceUrl) on 127.0.0.1. It records
 * every call and answers 200 with a resource id, or the failures queued with `failNext`.
 */
export interface ConnectorStandIn {
  /** The base to use as an activity's serviceUrl (with a region path, like Teams' own). */
  serviceUrl: string;
  calls: RecordedCall[];
  failNext(...failures: Failure[]): void;
  /** The cards in every recorded call, in order. */
  cards(): AdaptiveCard[];
  reset(): void;
}

export async function startConnector(): Promise<ConnectorStandIn> {
  const calls: RecordedCall[] = [];
  const failures: Failure[] = [];
  let nextId = 1;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    const segments = path.split('?')[0]?.split('/') ?? [];
    const v3 = segments.indexOf('v3');
    const text = Buffer.concat(chunks).toString('utf8');
    calls.push({
      method: req.method ?? '',
      path,
      conversationId: decodeURIComponent(segments[v3 + 2] ?? ''),
      ...(segments[v3 + 4] ? { activityId: decodeURIComponent(segments[v3 + 4] as string) } : {}),
      headers: req.headers,
      body: text ? JSON.parse(text) : {},
    });
    const failure = failures.shift();
    if (failure && 'hang' in failure) return;
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'StandInFailure', message: `stand-in answered ${failure.status}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `reply-${nextId++}` }));
  });
  const base = await listen(server);
  return {
    serviceUrl: `${base}/amer/`,
    calls,
    failNext: (...queued) => failures.push(...queued),
    cards: () =>
      calls.flatMap((call) =>
        (call.body.attachments ?? []).map((attachment) => attachment.content as AdaptiveCard).filter(Boolean),
      ),
    reset: () => {
      calls.length = 0;
      failures.length = 0;
    },
  };
}

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

export interface RunningBot {
  /** POST target: http://127.0.0.1:PORT/api/messages */
  url: string;
  endpoint: TeamsEndpoint;
  logger: RecordingLogger;
  feedback: FeedbackStore;
  conversations: ConversationStore;
}

/** The real endpoint (CloudAdapter and all) on a node:http server on 127.0.0.1, port 0. */
export async function startBot(
  config: TeamsConfig = ANONYMOUS,
  options: Partial<TeamsEndpointOptions> = {},
): Promise<RunningBot> {
  const logger = recordingLogger();
  const { feedback, conversations, deliveries } = openTempStore();
  const endpoint = createTeamsEndpoint({
    core: sharedCore(),
    config,
    logger,
    feedback,
    conversations,
    deliveries,
    // Tests send many questions as one person; the per-person limit has its own test.
    rateLimiter: new RateLimiter({ limit: 10_000 }),
    ...options,
  });
  const server = createServer((req, res) => {
    if (req.url === '/api/messages') {
      endpoint.handler(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  const base = await listen(server);
  return { url: `${base}/api/messages`, endpoint, logger, feedback, conversations };
}

export interface Posted {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

export async function postActivity(
  url: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Every string in a card (texts, titles, facts, urls), for "does it contain" checks. */
export function cardStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(cardStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(cardStrings);
  return [];
}

/** Starts a server on 127.0.0.1 at a free port; it is closed after the test file. */
export async function listen(server: Server | HttpsServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const scheme = 'setSecureContext' in server ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
