/**
 * The report's week: an ISO week, Monday 00:00 UTC to the next Monday (exclusive). By default the last full week
 * before `now`, so a report sent on Monday 08:00 covers Monday to Sunday just ended and every figure is final as far
 * as the clouds' billing is (billing data can still move for a day or two: the report says so in its footer).
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface ReportWeek {
  /** Monday 00:00 UTC, inclusive. */
  start: Date;
  /** The next Monday 00:00 UTC, exclusive. */
  end: Date;
  /** ISO week label, e.g. "2026-W47". */
  label: string;
}

export class ReportWeekError extends Error {
  readonly code = 'REPORT_WEEK_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ReportWeekError';
  }
}

/** Monday 00:00 UTC of the week containing `d`. */
export function mondayOf(d: Date): Date {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS);
}

export function weekStarting(monday: Date): ReportWeek {
  return { start: monday, end: new Date(monday.getTime() + WEEK_MS), label: isoWeekLabel(monday) };
}

/** The last full week before `now` (the week that ended at the most recent Monday 00:00 UTC at or before now). */
export function lastFullWeek(now: Date): ReportWeek {
  return weekStarting(new Date(mondayOf(now).getTime() - WEEK_MS));
}

/** The n-th week before `week` (n = 1: the week before). */
export function weekBefore(week: ReportWeek, n = 1): ReportWeek {
  return weekStarting(new Date(week.start.getTime() - n * WEEK_MS));
}

/**
 * The week a user asked for: any date (YYYY-MM-DD) picks the ISO week containing it, so "2026-11-18" and
 * "2026-11-16" both mean the week of Monday 16 November. A week that has not ended yet by `now` is refused: its
 * figures would be partial and look like a drop in spend.
 */
export function parseReportWeek(text: string, now: Date): ReportWeek {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text.trim()) {
    throw new ReportWeekError(`week "${text}": expected a date YYYY-MM-DD (any day of the week; the report covers its Monday to Sunday, UTC)`);
  }
  const week = weekStarting(mondayOf(d));
  if (week.end.getTime() > now.getTime()) {
    const last = lastFullWeek(now);
    throw new ReportWeekError(`week of ${day(week.start)} has not ended yet (it ends ${day(week.end)} 00:00 UTC); the last full week is ${day(last.start)}`);
  }
  return week;
}

/** ISO 8601 week number: the week with the year's first Thursday is W01. */
export function isoWeekLabel(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "16–22 Nov 2026": the week's days as people read them (the end is exclusive, so its last day is end - 1 day). */
export function describeWeek(week: ReportWeek): string {
  const last = new Date(week.end.getTime() - DAY_MS);
  const fmt = (d: Date, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...opts }).format(d);
  const sameMonth = week.start.getUTCMonth() === last.getUTCMonth();
  const sameYear = week.start.getUTCFullYear() === last.getUTCFullYear();
  const from = fmt(week.start, sameMonth ? { day: 'numeric' } : sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
  return `${from}–${fmt(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** The UTC days of a week, YYYY-MM-DD. */
export function daysOf(week: ReportWeek): string[] {
  return Array.from({ length: 7 }, (_, i) => day(new Date(week.start.getTime() + i * DAY_MS)));
}
