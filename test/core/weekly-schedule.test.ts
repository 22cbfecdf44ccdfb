import { describe, expect, it } from 'vitest';
import { checkSchedule, defaultWeeklySchedule, dueSlot, startWeeklySchedule } from '../../src/index.js';

// When a round is owed (dueSlot), and the schedule's catch-up at start-up. The clock is injected.

const MONDAYS_9 = defaultWeeklySchedule; // 0 9 * * 1, Europe/London
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('dueSlot', () => {
  it("is this week's slot once it has passed, in London time (GMT in winter, BST in summer)", () => {
    expect(dueSlot(MONDAYS_9, new Date('2026-11-25T10:00:00Z'))?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(dueSlot(MONDAYS_9, new Date('2026-07-01T10:00:00Z'))?.toISOString()).toBe('2026-06-29T08:00:00.000Z');
  });

  it('is the slot itself at the slot, and nothing just before it', () => {
    expect(dueSlot(MONDAYS_9, new Date('2026-11-23T09:00:00Z'))?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(dueSlot(MONDAYS_9, new Date('2026-11-23T08:59:59Z'))).toBeUndefined();
  });

  it('is owed all week once passed, and never into the next week', () => {
    // Sunday 29 November 23:30 London: the slot of Monday 23 November is in the same ISO week.
    expect(dueSlot(MONDAYS_9, new Date('2026-11-29T23:30:00Z'))?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    // Monday 30 November 08:00: a new week, its slot still to come; last week's is not owed.
    expect(dueSlot(MONDAYS_9, new Date('2026-11-30T08:00:00Z'))).toBeUndefined();
  });

  it("takes the week from the schedule's time zone, not UTC", () => {
    const midnight = { cron: '0 0 * * 1', timeZone: 'Europe/London' };
    // 23:30 UTC on Sunday 28 June is 00:30 BST on Monday 29 June: this week's slot (Monday 00:00 BST) is due.
    expect(dueSlot(midnight, new Date('2026-06-28T23:30:00Z'))?.toISOString()).toBe('2026-06-28T23:00:00.000Z');
  });
});

describe('checkSchedule', () => {
  it('names what is wrong', () => {
    expect(() => checkSchedule({ cron: '0 9 * * 1', timeZone: 'Mars/Olympus' })).toThrow(/not a time zone/);
    expect(() => checkSchedule({ cron: 'every monday', timeZone: 'Europe/London' })).toThrow(/not a cron expression/);
    expect(() => checkSchedule(MONDAYS_9)).not.toThrow();
  });
});

describe('startWeeklySchedule', () => {
  const never = () => {
    throw new Error('no error expected');
  };

  it("runs one catch-up round at start-up when this week's slot has passed", async () => {
    const slots: string[] = [];
    const schedule = startWeeklySchedule(
      MONDAYS_9,
      async (slot) => void slots.push(slot.toISOString()),
      never,
      () => new Date('2026-11-25T10:00:00Z'),
    );
    await tick();
    await schedule.stop();
    expect(slots).toEqual(['2026-11-23T09:00:00.000Z']);
  });

  it('runs nothing at start-up before the slot, and says when the next one is', async () => {
    const slots: Date[] = [];
    const schedule = startWeeklySchedule(
      MONDAYS_9,
      async (slot) => void slots.push(slot),
      never,
      () => new Date('2026-11-30T08:00:00Z'),
    );
    expect(schedule.next()?.getUTCDay()).toBe(1);
    await schedule.stop();
    expect(slots).toEqual([]);
    expect(schedule.next()).toBeUndefined();
  });

  it('stop() waits for the round in progress', async () => {
    let finish: () => void = () => {};
    let finished = false;
    const schedule = startWeeklySchedule(
      MONDAYS_9,
      () =>
        new Promise<void>((resolve) => {
          finish = () => {
            finished = true;
            resolve();
          };
        }),
      never,
      () => new Date('2026-11-25T10:00:00Z'),
    );
    await tick();
    const stopped = schedule.stop().then(() => finished);
    setTimeout(() => finish(), 50);
    expect(await stopped).toBe(true);
  });

  it('drops a round queued when it stops (shutting down right after start-up)', async () => {
    const slots: Date[] = [];
    const schedule = startWeeklySchedule(
      MONDAYS_9,
      async (slot) => void slots.push(slot),
      never,
      () => new Date('2026-11-25T10:00:00Z'),
    );
    await schedule.stop();
    expect(slots).toEqual([]);
  });

  it('reports a failed round to onError', async () => {
    const errors: unknown[] = [];
    const schedule = startWeeklySchedule(
      MONDAYS_9,
      async () => {
        throw new Error('store closed');
      },
      (error) => errors.push(error),
      () => new Date('2026-11-25T10:00:00Z'),
    );
    await tick();
    await schedule.stop();
    expect(errors).toEqual([new Error('store closed')]);
  });
});
