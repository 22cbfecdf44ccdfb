import { Cron } from 'croner';
import { isoWeek } from './iso-week.js';
import { calendarDay, isTimeZone } from './local-date.js';

export interface WeeklySchedule {
  /** When to post, as a cron expression (minute hour day-of-month month day-of-week). */
  cron: string;
  /** The IANA time zone the cron expression is read in. */
  timeZone: string;
}

/** Monday 09:00, London time. */
export const defaultWeeklySchedule: WeeklySchedule = { cron: '0 9 * * 1', timeZone: 'Europe/London' };

/** Throws an Error saying what is wrong with a schedule; the caller names the setting. */
export function checkSchedule(schedule: WeeklySchedule): void {
  if (!isTimeZone(schedule.timeZone)) {
    throw new Error(`"${schedule.timeZone}" is not a time zone; use an IANA name such as Europe/London`);
  }
  let next: Date | null;
  try {
    next = new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true }).nextRun();
  } catch (error) {
    throw new Error(`"${schedule.cron}" is not a cron expression (${(error as Error).message})`);
  }
  if (!next) throw new Error(`"${schedule.cron}" never runs`);
}

/**
 * The slot a round is owed for at `now`: the latest scheduled time at or before `now`, if it falls in the
 * same ISO week (in the schedule's time zone). A process that was down at the slot then posts once when it
 * starts, later that week, and never for a week that is over.
 */
export function dueSlot(schedule: WeeklySchedule, now: Date): Date | undefined {
  const cron = new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true });
  const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!previous) return undefined;
  const weekOf = (at: Date) => isoWeek(calendarDay(at, schedule.timeZone)).label;
  return weekOf(previous) === weekOf(now) ? previous : undefined;
}

export interface RunningSchedule {
  /** The next slot, or undefined once stopped. */
  next(): Date | undefined;
  /**
   * Stops the schedule; resolves when the round in progress (if any) has finished the post it was
   * sending. It claims no further posts, and one waiting to retry gives up (marked failed: the next
   * start posts it).
   */
  stop(): Promise<void>;
}

/**
 * Runs `round` at every slot, and once at start-up if this week's slot has passed (see dueSlot). Rounds
 * never overlap; a round that throws is reported to `onError` and the schedule goes on.
 */
export function startWeeklySchedule(
  schedule: WeeklySchedule,
  round: (slot: Date, stopping: AbortSignal) => Promise<void>,
  onError: (error: unknown) => void,
  now: () => Date = () => new Date(),
): RunningSchedule {
  let stopped = false;
  // Aborted by stop(): a round in progress claims nothing more and waits out no more backoff.
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const run = (slot: Date) => {
    // A slot that comes while a round runs waits for it; one queued when the schedule stops is dropped.
    running = running.then(() => (stopped ? undefined : round(slot, stopping.signal))).catch(onError);
  };
  const missed = dueSlot(schedule, now());
  if (missed) run(missed);
  // unref: the schedule alone does not keep the process alive (the server does).
  const cron = new Cron(schedule.cron, { timezone: schedule.timeZone, unref: true }, (job: Cron) => {
    run(job.currentRun() ?? now());
  });
  return {
    next: () => (stopped ? undefined : (cron.nextRun() ?? undefined)),
    stop: () => {
      stopped = true;
      stopping.abort();
      cron.stop();
      return running;
    },
  };
}
