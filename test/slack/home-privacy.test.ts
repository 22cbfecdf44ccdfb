import { beforeAll, describe, expect, it } from 'vitest';
import { readCoreConfig, readStoreConfig } from '../../adapters/config.js';
import { createCore } from '../../src/index.js';
import { openTempStore } from '../helpers.js';
import { eventFixture } from './support/fixtures.js';
import { TestSlack } from './support/harness.js';

// The Home tab says what happens to what people ask, and it must be true: with STORE_QUESTIONS=true the
// store keeps question text, so "Nothing you ask is stored" would be a lie. Each app here is built from
// the environment as npm start builds it, and its Home tab is read from views.publish at the stand-in.

async function homeTabText(env: NodeJS.ProcessEnv): Promise<string> {
  const all = { INDEX_FILE: 'off', ...env };
  const slack = new TestSlack({
    core: createCore(readCoreConfig(all)),
    store: openTempStore({ storeQuestions: readStoreConfig(all).storeQuestions }),
  });
  await slack.start();
  try {
    await slack.deliver(eventFixture('event_app_home_opened', { tab: 'home' }));
    const [publish] = slack.standIn.callsTo('views.publish');
    const view = publish?.body.view as { blocks: unknown[] } | undefined;
    return JSON.stringify(view?.blocks);
  } finally {
    await slack.stop();
  }
}

describe('the Home tab', () => {
  let off: string;
  let on: string;
  let withContact: string;
  beforeAll(async () => {
    off = await homeTabText({});
    on = await homeTabText({ STORE_QUESTIONS: 'true', QUESTION_RETENTION_DAYS: '14' });
    withContact = await homeTabText({
      CONTACT_NAME: 'the digital communications team',
      CONTACT_WHERE: 'https://intranet.example.gov.uk/help?a=1&b=2',
    });
  }, 60_000);

  it('says nothing is stored when STORE_QUESTIONS is off', () => {
    expect(off).toContain('Nothing you ask is stored.');
    expect(off).not.toContain('is kept');
  });

  it('says questions are kept, and for how long, when STORE_QUESTIONS=true', () => {
    expect(on).not.toContain('Nothing you ask is stored');
    expect(on).toContain('What you ask is kept, without your name, for 14 days');
  });

  it('names the contact, as a link, only when one is configured', () => {
    expect(off).not.toContain('Not sure?');
    expect(withContact).toContain(
      'Not sure? Ask the digital communications team at <https://intranet.example.gov.uk/help?a=1&b=2|https://intranet.example.gov.uk/help?a=1&amp;b=2>.',
    );
  });
});
