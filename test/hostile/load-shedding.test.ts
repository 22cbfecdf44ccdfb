import { afterEach, describe, expect, it } from 'vitest';
import { eventFixture } from '../slack/support/fixtures.js';
import { BOT_USER_ID } from '../slack/support/web-api-stand-in.js';
import { fixture } from '../teams/helpers.js';
import { CombinedServer, type CombinedServerOptions } from './support/combined-server.js';

// More work than the server can do in time is refused at once with 503 and Retry-After, before the
// request's body is read; Slack and Teams send it again, and what is sent again is answered once.
// (`npm run bench:load -- --rate 800` shows it at twice the rate one core serves.)

let server: CombinedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(loadShedding: CombinedServerOptions['loadShedding']): Promise<CombinedServer> {
  server = await new CombinedServer({ loadShedding }).start();
  return server;
}

function mention(text = 'can I reply to a tweet about our policy?') {
  return eventFixture('event_app_mention_channel', { text: `<@${BOT_USER_ID}> ${text}` });
}

function teamsMessage(serviceUrl: string) {
  const activity = fixture('message_personal');
  activity.serviceUrl = serviceUrl;
  activity.text = 'can I reply to a tweet about our policy?';
  return JSON.stringify(activity);
}

describe('work in flight', () => {
  it('past the bound, a request is refused with 503 and Retry-After; a retry once there is room is answered once', async () => {
    const combined = await start({ maxInFlight: 3, maxEventLoopDelayMs: 10_000 });
    combined.slackApi.delayMs = 1_500; // each answer is still being posted when the next request comes
    const acks = await Promise.all([mention(), mention(), mention()].map((body) => combined.sendSlackEvent(body)));
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200]);

    const shedEvent = mention('may I like a post by a minister?');
    const refused = await combined.sendSlackEvent(shedEvent);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const teams = await fetch(`${combined.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: teamsMessage(combined.connector.serviceUrl),
    });
    expect(teams.status).toBe(503);
    expect(await combined.healthy()).toBe(true); // liveness is never shed

    await combined.settle();
    combined.slackApi.delayMs = 0;
    // Slack sends the event again; it was never read, so it is not taken for a repeat.
    const retried = await combined.sendSlackEvent(shedEvent, { headers: { 'X-Slack-Retry-Num': '1' } });
    expect(retried.status).toBe(200);
    await combined.settle();
    const posts = combined.slackApi.callsTo('chat.postMessage');
    expect(posts).toHaveLength(4);
    expect(combined.connector.calls).toHaveLength(0);
  });
});

describe('an overloaded event loop', () => {
  /** Stands in for more answering than one core can do: the loop is busy 60 ms of every 65. */
  async function whileHogged<T>(work: () => Promise<T>): Promise<T> {
    const hog = setInterval(() => {
      const until = performance.now() + 60;
      while (performance.now() < until) {
        // busy
      }
    }, 5);
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return await work();
    } finally {
      clearInterval(hog);
    }
  }

  it('with work queued, requests are refused at once; when the CPU keeps up again, they are answered', async () => {
    const combined = await start({ maxEventLoopDelayMs: 30, minQueued: 4, maxInFlight: 10_000 });
    combined.slackApi.delayMs = 2_000; // four answers in hand while the loop is late
    const queued = await Promise.all([1, 2, 3, 4].map(() => combined.sendSlackEvent(mention())));
    expect(queued.map((ack) => ack.status)).toEqual([200, 200, 200, 200]);
    const refused = await whileHogged(() => combined.sendSlackEvent(mention()));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');

    await combined.settle();
    combined.slackApi.delayMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 400));
    const admitted = await combined.sendSlackEvent(mention());
    expect(admitted.status).toBe(200);
    await combined.settle();
    expect(combined.slackApi.callsTo('chat.postMessage')).toHaveLength(5);
  });

  it('a late loop with nothing queued (start-up, a long garbage collection, a busy machine) turns nobody away', async () => {
    const combined = await start({ maxEventLoopDelayMs: 30, minQueued: 4, maxInFlight: 10_000 });
    const admitted = await whileHogged(() => combined.sendSlackEvent(mention()));
    expect(admitted.status).toBe(200);
    await combined.settle();
    expect(combined.slackApi.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
