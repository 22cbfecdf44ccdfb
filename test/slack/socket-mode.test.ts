import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createLogger } from '../../adapters/log.js';
import { startHttpServer } from '../../adapters/server.js';
import { createSlackApp, type SlackApp, startSlackApp } from '../../adapters/slack/app.js';
import { openTempStore } from '../helpers.js';
import { fixture } from './support/fixtures.js';
import { BOT_TOKEN, testCore } from './support/harness.js';
import { BOT_USER_ID, SlackStandIn } from './support/web-api-stand-in.js';

// Socket Mode against local stand-ins: apps.connections.open (on the Web API stand-in) returns the
// ws:// address of a WebSocket stand-in, which says hello first and then sends an events_api envelope.

const standIn = new SlackStandIn();
let socketServer: WebSocketServer;
const fromApp: unknown[] = [];
let connection: WebSocket | undefined;
let slack: SlackApp;

beforeAll(async () => {
  socketServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => socketServer.once('listening', resolve));
  socketServer.on('connection', (socket, request) => {
    connection = socket;
    expect(request.url).toBe('/link/?ticket=stand-in');
    socket.on('message', (data) => fromApp.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A111' } }));
  });
  await standIn.start();
  standIn.socketUrl = `ws://127.0.0.1:${(socketServer.address() as AddressInfo).port}/link/?ticket=stand-in`;
  const store = openTempStore();
  slack = createSlackApp({
    core: testCore(),
    config: {
      mode: 'socket',
      botToken: BOT_TOKEN,
      appToken: 'xapp-1-A111-0000-test',
      apiUrl: standIn.apiUrl,
      port: 0,
      logLevel: 'info',
    },
    feedback: store.feedback,
    deliveries: store.deliveries,
    logger: createLogger('warn', { write: () => {} }),
  });
  await startSlackApp(slack); // auth.test, then apps.connections.open and the WebSocket, resolved on hello
});

afterAll(async () => {
  await slack?.app.stop();
  await new Promise((resolve) => socketServer.close(resolve));
  await standIn.stop();
});

it('connects with the app-level token through apps.connections.open', () => {
  const [open] = standIn.callsTo('apps.connections.open');
  expect(open?.authorization).toBe('Bearer xapp-1-A111-0000-test');
  expect(connection).toBeDefined();
});

it('acks an events_api envelope with its envelope_id and posts the reply in the thread', async () => {
  const envelope = fixture('socket_mode_events_api_app_mention');
  envelope.payload.event.text = `<@${BOT_USER_ID}> someone is being abusive in our replies, do we answer?`;
  connection?.send(JSON.stringify(envelope));

  await expect.poll(() => standIn.callsTo('chat.postMessage').length, { timeout: 5000 }).toBe(1);
  expect(fromApp).toContainEqual({ envelope_id: envelope.envelope_id, payload: {} });
  const [post] = standIn.callsTo('chat.postMessage');
  expect(post?.body).toMatchObject({ channel: 'C111', thread_ts: envelope.payload.event.ts });
  expect(post?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
});

it('answers a redelivered envelope (retry_attempt 1) only once', async () => {
  const envelope = fixture('socket_mode_events_api_app_mention');
  envelope.envelope_id = 'second-envelope';
  envelope.payload.event_id = 'EvSOCKET2';
  envelope.payload.event.text = `<@${BOT_USER_ID}> can I reply to a journalist on twitter?`;
  const before = standIn.callsTo('chat.postMessage').length;
  connection?.send(JSON.stringify(envelope));
  connection?.send(
    JSON.stringify({ ...envelope, envelope_id: 'second-envelope-retry', retry_attempt: 1, retry_reason: 'timeout' }),
  );

  await expect.poll(() => fromApp.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
  await slack.idle();
  expect(fromApp).toContainEqual({ envelope_id: 'second-envelope-retry', payload: {} });
  expect(standIn.callsTo('chat.postMessage').length - before).toBe(1);
});

it('still serves GET /healthz over HTTP, and no Slack endpoint', async () => {
  const server = await startHttpServer({ port: 0, host: '127.0.0.1' });
  try {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  } finally {
    await server.stop();
  }
});
