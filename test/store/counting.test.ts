import { describe, expect, it } from 'vitest';
import { BUNDLED_KNOWLEDGE } from '../../adapters/config.js';
import { countingQuestions, createCore, type UsageStore } from '../../src/index.js';
import { openTempStore } from '../helpers.js';

const core = createCore({ knowledgeDirs: [BUNDLED_KNOWLEDGE] });
const DAY = { from: '2000-01-01', to: '2999-12-31' };

describe('countingQuestions', () => {
  it('counts questions answered (by principle) and declined, and not commands', async () => {
    const store = openTempStore();
    const counted = countingQuestions(core, store.usage, 'slack', (error) => {
      throw error;
    });
    const answered = counted.respond('Can I reply to a journalist who asked me about policy on Twitter?');
    counted.respond('principles');
    counted.respond('week');
    counted.respond('what time does the canteen open');
    counted.answer({ question: 'should I tell my manager about abusive replies to our account?' });
    await new Promise((resolve) => setImmediate(resolve));
    const report = await store.reports.report(DAY);
    expect(report.answered + report.declined).toBe(3);
    expect(report.declined).toBe(1);
    expect(answered.kind === 'answer' && answered.result.answered).toBe(true);
    const principle = answered.kind === 'answer' && answered.result.answered ? answered.result.principle.id : '';
    expect(report.byPrinciple.get(principle)).toBeGreaterThanOrEqual(1);
    expect(report.declinedQuestions).toBeUndefined();
  });

  it('hands the text over, kept only by a store opened to keep it', async () => {
    const store = openTempStore({ storeQuestions: true });
    countingQuestions(core, store.usage, 'teams', () => {}).respond('what time does the canteen open');
    await new Promise((resolve) => setImmediate(resolve));
    const report = await store.reports.report(DAY);
    expect(report.declinedQuestions).toMatchObject([{ platform: 'teams', text: 'what time does the canteen open' }]);
  });

  it('never holds up or breaks an answer when counting fails', async () => {
    const failures: unknown[] = [];
    const broken: UsageStore = { record: () => Promise.reject(new Error('disk full')) };
    const reply = countingQuestions(core, broken, 'slack', (error) => failures.push(error)).respond(
      'Can I reply to a journalist on Twitter?',
    );
    expect(reply.kind).toBe('answer');
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual([new Error('disk full')]);
  });
});
