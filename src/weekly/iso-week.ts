const DAY = 86_400_000;
/** 5 January 1970, the first Monday after the Unix epoch: week 0 of the rotation. */
const FIRST_MONDAY = Date.UTC(1970, 0, 5);

/** An ISO 8601 week, such as 2026-W48. */
export interface IsoWeek {
  year: number;
  week: number;
  /** "2026-W48" */
  label: string;
  /** Monday of the week, 00:00 UTC. */
  monday: Date;
  /** Weeks since the first rotation week: the same on every machine for the same date. */
  index: number;
}

/** The ISO week of a date, taken in UTC. */
export function isoWeek(date: Date): IsoWeek {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = day - weekday * DAY;
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return {
    year,
    week,
    label: `${year}-W${String(week).padStart(2, '0')}`,
    monday: new Date(monday),
    index: Math.floor((monday - FIRST_MONDAY) / (7 * DAY)),
  };
}

/**
 * Which item comes up in a given week, in a rotation that never restarts at new year: week after week
 * it walks through `count` items in order. `cycle` counts how many times the rotation has come round.
 */
export function rotation(week: IsoWeek, count: number): { position: number; cycle: number } {
  if (count < 1) throw new Error('guidance-bot: a rotation needs at least one item');
  return { position: week.index % count, cycle: Math.floor(week.index / count) };
}
