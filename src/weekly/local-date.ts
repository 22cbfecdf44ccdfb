const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of a moment in a time zone, as a Date at noon UTC on that day: what isoWeek() needs to
 * give the week people in that zone are in (at 00:30 on a Monday in London in summer, UTC is still Sunday).
 */
export function calendarDay(at: Date, timeZone: string): Date {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), 12));
}

/** Whether `timeZone` is an IANA time zone this Node.js knows, such as Europe/London. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
