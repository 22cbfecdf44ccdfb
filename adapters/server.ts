import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExpressReceiver } from '@slack/bolt';
import express, { type Express, type RequestHandler } from 'express';
import { LoadShedding, type LoadSheddingOptions } from './load-shedding.js';
import { acceptOnly, BodyBudget, MAX_BODY_BYTES, readBodyWithin, refuse } from './request-body.js';
import type { TeamsEndpoint } from './teams/endpoint.js';

// The one HTTP server for every chat platform, on PORT:
//   GET  /healthz        200 {"status":"ok"} while the process is serving (liveness)
//   GET  /readyz         200 {"status":"ready"}, or 503 {"status":"not ready","reason":…} while state
//                        cannot be written (readiness: the bot answers, but forgets what it should keep)
//   POST /slack/events   Slack's events, slash commands and interactivity (Bolt's ExpressReceiver)
//   POST /api/messages   Microsoft Teams activities (botbuilder's CloudAdapter)
// Both POST routes take only the content types their platform sends and at most their MAX_BODY_BYTES
// (Teams: a token is required first), checked here before either SDK reads a byte.

/** Request bodies held in memory at once, all requests together (see BodyBudget). */
export const MAX_BUFFERED_BODY_BYTES = 32 * 1024 * 1024;
/**
 * Time limits for a client to send its request: its headers, then the whole of it. Slack and Teams
 * send a few KB at once; only a slow or hostile client takes longer. (Node's defaults: 60 s and 300 s.)
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;
/** An idle kept-alive connection is closed after this long (Node's default). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Open connections at once; beyond this, new ones are closed at once. Far above what 400 requests/s need. */
export const MAX_CONNECTIONS = 1_000;

export interface HttpServerOptions {
  port: number;
  /** Default: every interface. Tests use 127.0.0.1. */
  host?: string;
  /** Slack in HTTP mode: its receiver's routes are mounted here. */
  slack?: ExpressReceiver;
  /** Microsoft Teams: its messaging endpoint is mounted at POST /api/messages. */
  teams?: TeamsEndpoint;
  /** Default MAX_CONNECTIONS. */
  maxConnections?: number;
  /**
   * Refusing requests past what the server can answer in time (503, Retry-After), on both POST routes.
   * On by default; false for tests that drive a server in their own busy process.
   */
  loadShedding?: LoadSheddingOptions | false;
  /** GET /readyz: resolves to why the bot is not ready (no user text), or undefined. Default: always ready. */
  readiness?: () => Promise<string | undefined>;
}

export interface RunningServer {
  server: Server;
  /** The port actually listened on (useful with port 0). */
  port: number;
  /** http://host:port */
  url: string;
  /** The address listened on, when one was given (otherwise every interface). */
  host: string | undefined;
  /** Undefined when switched off. */
  shedding: LoadShedding | undefined;
  stop(): Promise<void>;
}

export function createHttpApp(
  options: Pick<HttpServerOptions, 'slack' | 'teams' | 'readiness'>,
  shedding: LoadShedding | undefined,
): Express {
  const app = express();
  const admit: RequestHandler = shedding ? shedding.admit : (_request, _response, next) => next();
  const budget = new BodyBudget(MAX_BUFFERED_BODY_BYTES);
  app.disable('x-powered-by');
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  const readiness = options.readiness;
  app.get('/readyz', async (_request, response) => {
    const reason = readiness
      ? await readiness().catch((error: unknown) => `readiness check failed: ${String(error)}`)
      : undefined;
    if (reason === undefined) response.json({ status: 'ready' });
    else response.status(503).json({ status: 'not ready', reason });
  });
  // Slack: Bolt's router, with signature checking, for POST /slack/events. Events come as JSON, slash
  // commands and interactivity as a form; Bolt reads the body this route has already read (rawBody).
  if (options.slack) {
    app.post(
      '/slack/events',
      admit,
      acceptOnly(['application/json', 'application/x-www-form-urlencoded']),
      readBodyWithin(MAX_BODY_BYTES.slack, budget),
    );
    app.use(options.slack.router);
  }
  // Teams: CloudAdapter checks the Bot Framework token on every request (unless run anonymously).
  // JSON only: a browser can post a form or text/plain to a local bot from any web page without asking.
  const teams = options.teams;
  if (teams) {
    app.post(
      '/api/messages',
      admit,
      acceptOnly(['application/json']),
      // Before a byte of the body is read: a request without a token is refused, and so is one that
      // finds too many others waiting for their token check.
      (request, response, next) => {
        const refusal = teams.admit(request, response);
        if (!refusal) return next();
        refuse(response, refusal.status, refusal.message, refusal.headers);
      },
      readBodyWithin(MAX_BODY_BYTES.teams, budget),
      (request, response) => teams.handler(request, response),
    );
  }
  return app;
}

export function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const shedding = options.loadShedding === false ? undefined : new LoadShedding(options.loadShedding);
  const server = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // How often those limits are checked (Node's default is every 30 s, which would let a slow
      // sender hold its connection up to 30 s past them).
      connectionsCheckingInterval: 1_000,
    },
    createHttpApp(options, shedding),
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? 'localhost';
      resolve({
        server,
        port,
        host: options.host,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        shedding,
        stop: () =>
          new Promise<void>((done, fail) => {
            shedding?.stop();
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    };
    if (options.host) server.listen(options.port, options.host, listening);
    else server.listen(options.port, listening);
  });
}
