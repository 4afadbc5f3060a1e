import { describe, expect, it } from 'vitest';
import { addDays, baselineFor, judgeDay, MAD_SCALE, recentLevel, runStart, type DailySpend } from '../../../src/detectors/spend-baseline';

const POLICY = { baselineWeeks: 4, minSameWeekdays: 3, recentDays: 14, minHistoryDays: 7, madFloorPct: 5, zScore: 4, minDailyDelta: 50, minRatio: 1.5 };
const DAY = '2026-11-17'; // a Tuesday

/** A series from a map of day -> spend; days not in it are unknown. */
const of = (values: Record<string, number>): DailySpend => (d) => values[d];
/** `days` days before `DAY` (and DAY itself when `today` is given) at `value(day)`. */
function history(days: number, value: (day: string, i: number) => number, today?: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 1; i <= days; i++) out[addDays(DAY, -i)] = value(addDays(DAY, -i), i);
  if (today !== undefined) out[DAY] = today;
  return out;
}

describe('baselineFor', () => {
  it('takes the median of the same weekday of the previous weeks when at least minSameWeekdays are known', () => {
    const values = history(28, (_, i) => (i % 7 === 0 ? [0, 100, 120, 80, 1000][i / 7]! : 5));
    const b = baselineFor(of(values), DAY, POLICY)!;
    expect(b.method).toBe('same-weekday');
    expect(b.days).toEqual(['2026-11-10', '2026-11-03', '2026-10-27', '2026-10-20']);
    // Median of 100, 120, 80, 1000 = 110: the one earlier spike (1000) does not drag it.
    expect(b.median).toBe(110);
    expect(b.scaledMad).toBeCloseTo(MAD_SCALE * 20, 6);
  });

  it('falls back to the median of the previous recentDays days, and to nothing below minHistoryDays', () => {
    const ten = history(10, () => 100);
    expect(baselineFor(of(ten), DAY, POLICY)).toMatchObject({ method: 'recent-days', median: 100 });
    expect(baselineFor(of(ten), DAY, POLICY)!.days).toHaveLength(10);
    expect(baselineFor(of(history(6, () => 100)), DAY, POLICY)).toBeUndefined();
  });

  it('floors the MAD at madFloorPct of the median, and at 1, so a flat series does not explode', () => {
    expect(baselineFor(of(history(28, () => 400)), DAY, POLICY)!.scaledMad).toBe(20);
    expect(baselineFor(of(history(28, () => 3)), DAY, POLICY)!.scaledMad).toBe(1);
  });
});

describe('judgeDay', () => {
  const flat = (today: number) => of(history(28, () => 100, today));

  it('needs the z-score, the delta and the ratio together', () => {
    expect(judgeDay(flat(151), DAY, POLICY)).toMatchObject({ anomalous: true, excess: 51, ratio: 1.51 });
    expect(judgeDay(flat(149), DAY, POLICY)!.anomalous).toBe(false); // 1.49x
    // Small amounts: 3x but only $40 above.
    expect(judgeDay(of(history(28, () => 20, 60)), DAY, POLICY)).toMatchObject({ anomalous: false, ratio: 3 });
    // A big account: +$400 is 1.4x only.
    expect(judgeDay(of(history(28, () => 1000, 1400)), DAY, POLICY)!.anomalous).toBe(false);
    // Noisy spend (100 or 300): 400 is 1.35 robust z, within its usual swing.
    const noisy = history(28, (_, i) => (i % 2 ? 100 : 300), 400);
    expect(judgeDay(of(noisy), DAY, { ...POLICY, minRatio: 1 })!.anomalous).toBe(false);
  });

  it('treats spend from nothing as anomalous when it clears the delta (ratio Infinity)', () => {
    expect(judgeDay(of(history(28, () => 0, 80)), DAY, POLICY)).toMatchObject({ anomalous: true, ratio: Infinity });
  });

  it('does not call a level that has held for half a week news (recent level guard)', () => {
    // 100 a day, then 400 from 4 days ago: the same weekday last weeks was 100, but the last 7 days' median is 400.
    const stepped = history(28, (_, i) => (i <= 4 ? 400 : 100), 400);
    expect(recentLevel(of(stepped), DAY)).toBe(400);
    expect(judgeDay(of(stepped), DAY, POLICY)!.anomalous).toBe(false);
    // From 2 days ago it is still news, and the run started 2 days ago.
    const fresh = history(28, (_, i) => (i <= 2 ? 400 : 100), 400);
    expect(judgeDay(of(fresh), DAY, POLICY)!.anomalous).toBe(true);
    expect(runStart(of(fresh), DAY, POLICY)).toBe('2026-11-15');
  });

  it('is undefined for an unknown day or without history', () => {
    expect(judgeDay(of(history(28, () => 100)), DAY, POLICY)).toBeUndefined();
    expect(judgeDay(of({ [DAY]: 500 }), DAY, POLICY)).toBeUndefined();
  });
});
