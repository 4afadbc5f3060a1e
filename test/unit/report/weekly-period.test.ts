import { describe, expect, it } from 'vitest';
import { describeWeek, isoWeekLabel, lastFullWeek, parseReportWeek, ReportWeekError, weekBefore } from '../../../src/report/weekly-period';

const d = (s: string) => new Date(s);

describe('report week', () => {
  it('is the last full ISO week before now, Monday 00:00 UTC to the next Monday', () => {
    const w = lastFullWeek(d('2026-11-23T08:00:00Z'));
    expect(w.start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(w.label).toBe('2026-W47');
    expect(describeWeek(w)).toBe('16–22 Nov 2026');
  });

  it('on a Sunday night still picks the week before (the current one has not ended)', () => {
    expect(lastFullWeek(d('2026-11-22T23:59:59Z')).start.toISOString()).toBe('2026-11-09T00:00:00.000Z');
  });

  it('exactly at Monday 00:00 the week just ended is the last full one', () => {
    expect(lastFullWeek(d('2026-11-23T00:00:00Z')).start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it('counts weeks back across month and year ends', () => {
    const w = lastFullWeek(d('2027-01-05T08:00:00Z'));
    expect(w.label).toBe('2026-W53');
    expect(describeWeek(w)).toBe('28 Dec 2026–3 Jan 2027');
    expect(weekBefore(w, 4).start.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(isoWeekLabel(d('2027-01-04T00:00:00Z'))).toBe('2027-W01');
  });

  it('parses any day of the wanted week and refuses weeks that have not ended', () => {
    const now = d('2026-11-25T10:00:00Z');
    expect(parseReportWeek('2026-11-18', now).start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(parseReportWeek('2026-11-16', now).label).toBe('2026-W47');
    expect(() => parseReportWeek('2026-11-24', now)).toThrow(/has not ended yet.*last full week is 2026-11-16/);
  });

  it('rejects text that is not a real date, saying what is expected', () => {
    for (const bad of ['last-week', '2026-13-01', '2026-02-30', '16/11/2026']) {
      expect(() => parseReportWeek(bad, d('2026-12-01T00:00:00Z'))).toThrow(ReportWeekError);
    }
    expect(() => parseReportWeek('2026-02-30', d('2026-12-01T00:00:00Z'))).toThrow(/expected a date YYYY-MM-DD/);
  });
});
