import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTRY, parseEntry } from '../logs/entry.js';
import { eventFixture, helpfulClick } from '../slack/support/fixtures.js';
import { TestSlack } from '../slack/support/harness.js';

// A Slack that takes a call and never answers (a hung proxy, a dropped route): each kind of outbound
// call is given up after its limit, logged as one line, and not sent again. (SIGTERM with such calls
// in flight is in shutdown-hung-calls.test.ts.)

const QUESTION = 'can I reply to a journalist who tweeted about our policy?';

const slack = new TestSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => {
  slack.reset();
  slack.logs.length = 0;
});

/** Waits until the app has finished with every request (the listeners included), and says how long. */
async function settledWithin(): Promise<number> {
  const started = Date.now();
  await slack.settle();
  return Date.now() - started;
}

function errors(): string[] {
  return slack.logs.filter((line) => parseEntry(line).level === 'error');
}

describe('a Slack API that never answers', () => {
  it('views.publish (the Home tab) is given up after its limit, once, without retrying', async () => {
    slack.standIn.failNext('views.publish', { kind: 'stall' });
    await slack.sendEvent(eventFixture('event_app_home_opened', { tab: 'home' }));
    const tookMs = await settledWithin();
    expect(slack.standIn.callsTo('views.publish')).toHaveLength(1);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatch(ENTRY);
    expect(errors()[0]).toContain('Publishing the Home tab failed: the request did not complete');
    // Generous margins: the point is that it ends, well inside the shutdown grace (10 s).
    expect(tookMs).toBeLessThan(9_000);
  }, 20_000);

  it('chat.postMessage (a DM answer) is given up after its limit and never sent again', async () => {
    slack.standIn.failNext('chat.postMessage', { kind: 'stall' });
    await slack.sendEvent(eventFixture('event_message_im', { text: QUESTION }));
    const tookMs = await settledWithin();
    expect(slack.standIn.callsTo('chat.postMessage')).toHaveLength(1);
    // The poster's line, then the listener's.
    expect(errors()).toHaveLength(2);
    for (const line of errors()) expect(line).toMatch(ENTRY);
    expect(errors()[0]).toContain('chat.postMessage failed: the request did not complete');
    expect(errors()[1]).toContain('Answering a direct message failed: the request did not complete');
    expect(errors().join('')).not.toContain('journalist');
    expect(tookMs).toBeLessThan(9_000);
  }, 20_000);

  it('a reply through the response_url (Helpful) is given up after its limit', async () => {
    const passage = slack.core.answer({ question: QUESTION });
    if (!passage.answered) throw new Error('the bundled knowledge should answer this question');
    const click = helpfulClick(passage.passage.id, slack.standIn.responseUrl('silent'));
    slack.standIn.failNext('response_url', { kind: 'stall' });
    const ack = await slack.sendInteraction(click);
    expect(ack.status).toBe(200);
    const tookMs = await settledWithin();
    expect(slack.standIn.callsTo('response_url')).toHaveLength(1);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatch(ENTRY);
    expect(errors()[0]).toContain('Recording feedback failed: TimeoutError');
    expect(tookMs).toBeLessThan(9_000);
  }, 20_000);
});
