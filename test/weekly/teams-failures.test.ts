import type { CloudAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createTeamsWeeklyPublisher, publishError } from '../../adapters/teams/weekly.js';
import { PublishError } from '../../src/index.js';
import { openTempStore } from '../helpers.js';
import { testCore } from './support.js';

// How the Teams weekly publisher reads failures that come without an HTTP status, and a send that never
// finishes. (Answers with a status are tested against the connector stand-in in teams.test.ts.)

describe('a Teams send that failed without an HTTP answer', () => {
  it.each([
    ['the bot could not get its token (MSAL)', { name: 'ClientAuthError', errorCode: 'network_error' }, 'retry'],
    ['the connector refused the connection', { code: 'ECONNREFUSED' }, 'retry'],
    ['the connector host is unknown', { code: 'ENOTFOUND' }, 'retry'],
    ['the connection was reset mid-request', { code: 'ECONNRESET' }, 'unknown'],
    ['something else', new Error('boom'), 'unknown'],
  ])('%s: %s', (_what, error, failure) => {
    expect(publishError(error).failure).toBe(failure);
  });
});

describe('a Teams send that never finishes', () => {
  it('is given up after the timeout as maybe posted (never sent again), so the round goes on', async () => {
    const store = openTempStore();
    await store.conversations.remember('teams', '19:hung@thread.tacv2', {
      conversation: { id: '19:hung@thread.tacv2' },
      serviceUrl: 'http://127.0.0.1:9/',
    });
    const hungAdapter = { continueConversationAsync: () => new Promise(() => {}) } as unknown as CloudAdapter;
    const publisher = createTeamsWeeklyPublisher({
      adapter: hungAdapter,
      appId: '',
      conversations: store.conversations,
      sendTimeoutMs: 50,
    });
    const sending = publisher.publish('19:hung@thread.tacv2', testCore().week(new Date('2026-11-25T10:00:00Z')));
    await expect(sending).rejects.toEqual(new PublishError('unknown', 'no answer from Teams within 0.05 s'));
    await expect(sending).rejects.toMatchObject({ failure: 'unknown' });
  });
});
