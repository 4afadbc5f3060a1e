import type { WatchdogConfig } from '../config/schema';

type QuietWindow = WatchdogConfig['remediation']['guardrails']['quietHours'][number];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function localParts(now: Date, timeZone: string): { day: (typeof DAYS)[number]; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The quiet window `now` falls in, if any (pure). Times are local to `timeZone` (IANA, DST-aware through Intl); a
 * window whose end is before its start spans midnight and belongs to the day it starts on.
 */
export function activeQuietWindow(now: Date, timeZone: string, windows: readonly QuietWindow[]): QuietWindow | undefined {
  const { day, minutes } = localParts(now, timeZone);
  const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7]!;
  return windows.find((w) => {
    const start = toMinutes(w.start);
    const end = toMinutes(w.end);
    if (start <= end) return w.days.includes(day) && minutes >= start && minutes < end;
    return (w.days.includes(day) && minutes >= start) || (w.days.includes(yesterday) && minutes < end);
  });
}
