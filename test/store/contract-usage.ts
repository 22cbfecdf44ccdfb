import { describe, expect, it } from 'vitest';
import type { AskedQuestion } from '../../src/index.js';
import type { Places } from './contract.js';

// The Store contract's part on what is counted and reported: questions, their text, reports and
// feedback. Run through storeContract (./contract.ts), never on its own.

const DAY_MS = 86_400_000;
const asked = (day: string, text: string): AskedQuestion => ({
  platform: 'slack',
  outcome: 'answered',
  principleId: 'not-alone',
  passageId: 'p1',
  text,
  at: new Date(`${day}T12:00:00Z`),
});
const declined = (day: string, text: string): AskedQuestion => ({
  platform: 'teams',
  outcome: 'declined',
  text,
  at: new Date(`${day}T12:00:00Z`),
});
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

export function questions({ place, run }: Places): void {
  describe('questions', () => {
    it('are counted, without their text, by default', async () => {
      const open = place();
      await run(open, {}, async (store) => {
        await store.usage.record(asked('2026-11-20', 'can I reply to this journalist?'));
        await store.usage.record({ ...declined('2026-11-20', 'where is the canteen?') });
        const report = await store.reports.report(NOVEMBER);
        expect([report.answered, report.declined, report.storingQuestions]).toEqual([1, 1, false]);
        expect(report.declinedQuestions).toBeUndefined();
      });
      // Not kept then, so not there to show once it is switched on.
      await run(open, { storeQuestions: true }, async (store) => {
        expect((await store.reports.report(NOVEMBER)).declinedQuestions).toBeUndefined();
      });
    });

    it('keep their text with storeQuestions, until the retention period is over', async () => {
      let now = Date.parse('2026-11-25T12:00:00Z');
      const store = place()({ storeQuestions: true, questionRetentionDays: 30, now: () => new Date(now) });
      await store.usage.record(declined('2026-10-20', 'old question'));
      await store.usage.record(declined('2026-11-20', 'recent question'));
      await store.usage.record(asked('2026-11-21', 'answered question'));
      expect(await store.purge()).toEqual({ deliveries: 0, questions: 1 });
      const report = await store.reports.report({ from: '2026-10-01', to: '2026-11-30' });
      expect(report.declinedQuestions?.map((q) => q.text)).toEqual(['recent question']);
      expect(report.declinedQuestions?.[0]).toMatchObject({
        platform: 'teams',
        at: new Date('2026-11-20T12:00:00Z'),
      });
      expect(report.declined).toBe(2); // the counts stay
      now += DAY_MS * 30;
      // Past retention the text is not shown, even before a purge has deleted it.
      expect((await store.reports.report({ from: '2026-10-01', to: '2026-11-30' })).declinedQuestions).toBeUndefined();
    });

    it('have their stored text deleted by the first purge with storeQuestions off, and not before', async () => {
      const open = place();
      const now = () => new Date('2026-11-25T12:00:00Z');
      await run(open, { storeQuestions: true, now }, (store) => store.usage.record(declined('2026-11-20', 'kept')));
      await run(open, { now }, async () => {}); // opening alone (npm run week, --post-now) deletes nothing
      await run(open, { storeQuestions: true, now }, async (store) => {
        expect((await store.reports.report(NOVEMBER)).declinedQuestions?.map((q) => q.text)).toEqual(['kept']);
      });
      await run(open, { now }, async (store) => {
        expect(await store.purge()).toEqual({ deliveries: 0, questions: 1 });
        const report = await store.reports.report(NOVEMBER);
        expect(report.declinedQuestions).toBeUndefined();
        expect(report.storingQuestions).toBe(false);
        expect(report.declined).toBe(1);
      });
      await run(open, { storeQuestions: true, now }, async (store) => {
        expect((await store.reports.report(NOVEMBER)).declinedQuestions).toBeUndefined();
      });
    });
  });
}

export function readOnlyStores({ place, run }: Places): void {
  describe('a read-only store (the report)', () => {
    it('only reads questions, and deletes none', async () => {
      const open = place();
      const now = () => new Date('2026-11-25T12:00:00Z');
      await run(open, { storeQuestions: true, now }, (store) => store.usage.record(declined('2026-11-20', 'kept')));
      await run(open, { readOnly: true, now }, async (store) => {
        expect((await store.reports.report(NOVEMBER)).declinedQuestions).toBeUndefined();
        await expect(store.usage.record(declined('2026-11-21', 'new'))).rejects.toThrow(/read-?only/i);
      });
      await run(open, { readOnly: true, storeQuestions: true, now }, async (store) => {
        const report = await store.reports.report(NOVEMBER);
        expect(report.declinedQuestions?.map((q) => q.text)).toEqual(['kept']);
      });
    });
  });
}

export function reports({ place }: Places): void {
  describe('reports', () => {
    it('count every day of the period (days without questions too), and answers per principle', async () => {
      const store = place()();
      await store.usage.record(asked('2026-11-02', 'a'));
      await store.usage.record(asked('2026-11-02', 'b'));
      await store.usage.record({ ...asked('2026-11-04', 'c'), principleId: 'consult-and-engage' });
      await store.usage.record(declined('2026-11-04', 'd'));
      await store.usage.record(asked('2026-11-09', 'outside the period'));
      const report = await store.reports.report({ from: '2026-11-01', to: '2026-11-04' });
      expect(report.days).toEqual([
        { day: '2026-11-01', answered: 0, declined: 0 },
        { day: '2026-11-02', answered: 2, declined: 0 },
        { day: '2026-11-03', answered: 0, declined: 0 },
        { day: '2026-11-04', answered: 1, declined: 1 },
      ]);
      expect(report.byPrinciple).toEqual(
        new Map([
          ['consult-and-engage', 1],
          ['not-alone', 2],
        ]),
      );
      expect([report.answered, report.declined]).toEqual([3, 1]);
    });

    it('refuse a period that is not days, or ends before it starts', async () => {
      const { reports } = place()();
      await expect(reports.report({ from: 'last week', to: '2026-12-01' })).rejects.toThrow(/not a day/);
      await expect(reports.report({ from: '2026-12-02', to: '2026-12-01' })).rejects.toThrow(/starts .* after/);
    });
  });
}

export function feedback({ place }: Places): void {
  describe('feedback', () => {
    it('is counted per passage, and per period', async () => {
      let now = new Date('2026-11-01T09:00:00Z');
      const { feedback } = place()({ now: () => now });
      await feedback.record('p1', 'helpful');
      now = new Date('2026-11-20T09:00:00Z');
      await feedback.record('p1', 'not-helpful');
      await feedback.record('p2', 'not-helpful');
      expect(await feedback.counts()).toEqual(
        new Map([
          ['p1', { helpful: 1, notHelpful: 1 }],
          ['p2', { helpful: 0, notHelpful: 1 }],
        ]),
      );
      expect(await feedback.counts({ from: '2026-11-10', to: '2026-11-30' })).toEqual(
        new Map([
          ['p1', { helpful: 0, notHelpful: 1 }],
          ['p2', { helpful: 0, notHelpful: 1 }],
        ]),
      );
    });
  });
}
